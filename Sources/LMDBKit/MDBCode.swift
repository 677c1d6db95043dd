import CLMDB

/// A return code of LMDB: one of its own `MDB_*` codes or an `errno` value passed through.
///
/// Compare with the named constants (`.mapFull`, `.readersFull`, `.io`); the description gives LMDB's text and,
/// for the codes a caller can act on, what to do.
public struct MDBCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `MDB_KEYEXIST`: key/data pair already exists.
    public static let keyExists = MDBCode(rawValue: MDB_KEYEXIST)
    /// `MDB_NOTFOUND`: no matching key/data pair.
    public static let notFound = MDBCode(rawValue: MDB_NOTFOUND)
    /// `MDB_PAGE_NOTFOUND`: a requested page was not found (damaged file).
    public static let pageNotFound = MDBCode(rawValue: MDB_PAGE_NOTFOUND)
    /// `MDB_CORRUPTED`: a located page was of the wrong type (damaged file).
    public static let corrupted = MDBCode(rawValue: MDB_CORRUPTED)
    /// `MDB_PANIC`: a fatal error earlier in this environment; close and reopen it, then verify.
    public static let panic = MDBCode(rawValue: MDB_PANIC)
    /// `MDB_VERSION_MISMATCH`: the library version does not match the file's.
    public static let versionMismatch = MDBCode(rawValue: MDB_VERSION_MISMATCH)
    /// `MDB_INVALID`: the file is not an LMDB data file.
    public static let invalid = MDBCode(rawValue: MDB_INVALID)
    /// `MDB_MAP_FULL`: the map size limit was reached.
    public static let mapFull = MDBCode(rawValue: MDB_MAP_FULL)
    /// `MDB_DBS_FULL`: too many named tables; raise `maxTables`.
    public static let tablesFull = MDBCode(rawValue: MDB_DBS_FULL)
    /// `MDB_READERS_FULL`: the reader lock table is full; raise `maxReaders` or end long reads.
    public static let readersFull = MDBCode(rawValue: MDB_READERS_FULL)
    /// `MDB_TLS_FULL`: too many TLS keys in use.
    public static let tlsFull = MDBCode(rawValue: MDB_TLS_FULL)
    /// `MDB_TXN_FULL`: the write transaction has too many dirty pages; write smaller batches.
    public static let txnFull = MDBCode(rawValue: MDB_TXN_FULL)
    /// `MDB_CURSOR_FULL`: cursor stack too deep (internal error).
    public static let cursorFull = MDBCode(rawValue: MDB_CURSOR_FULL)
    /// `MDB_PAGE_FULL`: page has not enough space (internal error).
    public static let pageFull = MDBCode(rawValue: MDB_PAGE_FULL)
    /// `MDB_MAP_RESIZED`: another process grew the map beyond this one's size.
    public static let mapResized = MDBCode(rawValue: MDB_MAP_RESIZED)
    /// `MDB_INCOMPATIBLE`: the operation is incompatible with the table's flags.
    public static let incompatible = MDBCode(rawValue: MDB_INCOMPATIBLE)
    /// `MDB_BAD_RSLOT`: invalid reuse of a reader slot.
    public static let badReaderSlot = MDBCode(rawValue: MDB_BAD_RSLOT)
    /// `MDB_BAD_TXN`: the transaction must abort (it failed earlier) or belongs to another thread.
    public static let badTransaction = MDBCode(rawValue: MDB_BAD_TXN)
    /// `MDB_BAD_VALSIZE`: unsupported key or value size.
    public static let badValueSize = MDBCode(rawValue: MDB_BAD_VALSIZE)
    /// `MDB_BAD_DBI`: the table handle was changed unexpectedly.
    public static let badTable = MDBCode(rawValue: MDB_BAD_DBI)
    /// `EIO`: an I/O error from the operating system.
    public static let io = MDBCode(rawValue: 5)
    /// `ENOMEM`: out of memory.
    public static let outOfMemory = MDBCode(rawValue: 12)
    /// `EACCES`: permission denied.
    public static let permissionDenied = MDBCode(rawValue: 13)
    /// `EINVAL`: invalid argument.
    public static let invalidArgument = MDBCode(rawValue: 22)
    /// `EFBIG`: file too large (for example a RLIMIT_FSIZE limit).
    public static let fileTooLarge = MDBCode(rawValue: 27)
    /// `ENOSPC`: no space left on the device.
    public static let noSpace = MDBCode(rawValue: 28)

    /// What a caller can do about this code, when there is something.
    public var hint: String? {
        switch self {
        case .mapFull: return "the map is full; the environment grows it automatically below its ceiling"
        case .readersFull: return "raise EnvironmentOptions.maxReaders or shorten read transactions"
        case .txnFull: return "write in smaller batches"
        case .tablesFull: return "raise EnvironmentOptions.maxTables"
        case .panic: return "close and reopen the environment, then run verify"
        case .corrupted, .pageNotFound: return "the data file is damaged; restore a backup"
        case .invalid, .versionMismatch: return "the directory does not hold a compatible LMDB data file"
        case .noSpace, .fileTooLarge: return "free disk space or raise the file size limit"
        case .io: return "the disk reported an I/O error; check it, reopen the store and run verify"
        default: return nil
        }
    }

    public var description: String {
        let text = MDB.strerror(rawValue)
        if let hint { return "\(text) (\(rawValue)); \(hint)" }
        return "\(text) (\(rawValue))"
    }
}
