import Foundation

extension LMDBError: LocalizedError {
    /// A stable code per case (`lmdb.mapCeilingReached`, …), for logs and alerts; see docs/errors.md.
    public var stableCode: String {
        switch self {
        case .mdb: return "lmdb.mdb"
        case .mapCeilingReached: return "lmdb.mapCeilingReached"
        case .mapFullInNestedTransaction: return "lmdb.mapFullInNestedTransaction"
        case .keyTooLarge: return "lmdb.keyTooLarge"
        case .emptyKey: return "lmdb.emptyKey"
        case .decoding: return "lmdb.decoding"
        case .encoding: return "lmdb.encoding"
        case .usedAfterFork: return "lmdb.usedAfterFork"
        case .alreadyOpenWithDifferentOptions: return "lmdb.alreadyOpenWithDifferentOptions"
        case .insecurePermissions: return "lmdb.insecurePermissions"
        case .fileSystem: return "lmdb.fileSystem"
        case .injected: return "lmdb.injected"
        case .diskFull: return "lmdb.diskFull"
        }
    }

    /// The description (so `localizedDescription` says what happened instead of "error N").
    public var errorDescription: String? { description }
}

extension CodecError: LocalizedError {
    /// The stable code `codec.invalid`; see docs/errors.md.
    public var stableCode: String { "codec.invalid" }

    /// The description.
    public var errorDescription: String? { description }
}
