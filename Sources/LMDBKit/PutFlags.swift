import CLMDB

/// How a put stores its entry (as heed's `PutFlags`): the LMDB flags, and whether it goes through the transaction's
/// put cursor of the table.
///
/// ```swift
/// try table.put(value, for: key, flags: [.noOverwrite, .clustered], in: txn, buffer: &scratch)
/// ```
public struct PutFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Store only when the key is absent (`MDB_NOOVERWRITE`); a refused put reports `false`.
    public static let noOverwrite = PutFlags(rawValue: UInt32(MDB_NOOVERWRITE))
    /// Store only when the key sorts after every key in the table (`MDB_APPEND`): a cheaper insert that fills pages
    /// completely. LMDB checks the order; when the key does not sort last nothing is stored and the put reports
    /// `false`.
    public static let append = PutFlags(rawValue: UInt32(MDB_APPEND))
    /// Through the transaction's put cursor of the table (`MDB.put with a cursor`): LMDB searches only the page of the
    /// previous clustered put when the key falls on it, so keys that arrive in order, or close together, cost less.
    /// Not an LMDB flag; the result is the same as without it.
    public static let clustered = PutFlags(rawValue: 1 << 31)

    /// The flags LMDB sees.
    @usableFromInline var lmdbFlags: UInt32 { rawValue & ~PutFlags.clustered.rawValue }
}
