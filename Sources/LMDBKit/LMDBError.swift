#if canImport(Glibc)
import Glibc
#endif

/// Every failure LMDBKit reports: an LMDB or operating-system return code, or a rule of this layer.
///
/// Descriptions say what happened and what to do about it. They never contain keys or values, so an error can be
/// logged by the host service without leaking the data it stores.
///
/// ```swift
/// do {
///     try env.write { txn in try table.put(1, for: "k", in: txn) }
/// } catch LMDBError.mapCeilingReached(let ceiling) {
///     print("store is full at \(ceiling) bytes")
/// }
/// ```
public enum LMDBError: Error, Sendable, Hashable, CustomStringConvertible {
    /// LMDB (or the operating system, through LMDB) returned `code` from `operation` (the C function's name).
    case mdb(MDBCode, operation: String)
    /// The data no longer fits: the map reached `EnvironmentOptions.maxMapSize` and cannot grow further.
    case mapCeilingReached(ceiling: Int)
    /// The map must grow but this thread is inside another transaction of the same environment, which would
    /// deadlock; the write is aborted. Run writes outside other transactions.
    case mapFullInNestedTransaction
    /// An encoded key is longer than LMDB's limit (511 bytes); nothing was written.
    case keyTooLarge(table: String, size: Int, limit: Int)
    /// LMDB does not accept empty keys; nothing was written.
    case emptyKey(table: String)
    /// Stored bytes could not be decoded as the table's type (damage, or a foreign file).
    case decoding(table: String, reason: String)
    /// A value could not be encoded (for example a string too long for its length prefix).
    case encoding(table: String, reason: String)
    /// The environment was opened in another process: LMDB forbids use after `fork()`.
    case usedAfterFork
    /// The directory is already open in this process with options that differ from the requested ones.
    case alreadyOpenWithDifferentOptions(path: String)
    /// The directory or one of its files is writable by others or owned by another user; refused to open.
    case insecurePermissions(path: String, reason: String)
    /// A file-system call failed with `errno` while preparing `path`.
    case fileSystem(operation: String, path: String, errno: Int32)
    /// An injected fault (debug builds only), standing in for `code` at the n-th call of an operation.
    case injected(MDBCode, operation: String)
    /// The file system holding the store is full (`ENOSPC`, or `EIO` while it has less free space than the
    /// transaction needed): nothing of the transaction was stored. `neededBytes` is an estimate of the space the
    /// transaction needed (at least one page), `freeBytes` what the file system had left (`nil` when unknown).
    case diskFull(neededBytes: Int, freeBytes: Int?, operation: String)

    /// The LMDB/OS code behind this error, when there is one.
    /// The C function an `.mdb` or `.injected` error came from.
    var operation: String? {
        switch self {
        case .mdb(_, let operation), .injected(_, let operation): return operation
        default: return nil
        }
    }

    public var code: MDBCode? {
        switch self {
        case .mdb(let code, _), .injected(let code, _): return code
        case .fileSystem(_, _, let errno): return MDBCode(rawValue: errno)
        case .diskFull: return .noSpace
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .mdb(let code, let operation):
            return "LMDB \(operation) failed: \(code)"
        case .mapCeilingReached(let ceiling):
            return "the store is full: the map reached its ceiling of \(ceiling) bytes; "
                + "raise EnvironmentOptions.maxMapSize (and check free disk space)"
        case .mapFullInNestedTransaction:
            return "the map must grow but this thread holds another transaction of the same environment; "
                + "start writes outside read/write closures"
        case .keyTooLarge(let table, let size, let limit):
            return "key of \(size) bytes for table '\(table)' exceeds LMDB's limit of \(limit) bytes"
        case .emptyKey(let table):
            return "empty key for table '\(table)': LMDB keys must be at least 1 byte"
        case .decoding(let table, let reason):
            return "stored record in table '\(table)' cannot be decoded: \(reason); run verify"
        case .encoding(let table, let reason):
            return "value for table '\(table)' cannot be encoded: \(reason)"
        case .usedAfterFork:
            return "LMDB environment used after fork(); open the store again in the child process"
        case .alreadyOpenWithDifferentOptions(let path):
            return "'\(path)' is already open in this process with different options; reuse that environment"
        case .insecurePermissions(let path, let reason):
            return "refusing to open '\(path)': \(reason)"
        case .fileSystem(let operation, let path, let errno):
            return "\(operation) '\(path)' failed: \(MDBCode(rawValue: errno))"
        case .injected(let code, let operation):
            return "injected fault in \(operation): \(code)"
        case .diskFull(let needed, let free, let operation):
            let left = free.map { "\(ByteCount.text($0)) free" } ?? "free space unknown"
            return "disk full (\(operation)): the batch needed about \(ByteCount.text(needed)) "
                + "(the keys and values it wrote), the file system has \(left); nothing of the batch was stored; "
                + "free disk space and run it again"
        }
    }
}
