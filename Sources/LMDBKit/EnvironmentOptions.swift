/// The options an `Environment` is opened with. Every field has a safe default.
///
/// ```swift
/// var options = EnvironmentOptions()
/// options.initialMapSize = 1 << 20        // 1 MiB, grows by itself
/// options.durability = .relaxed
/// let env = try Environment.open(path: "/var/lib/app/store", options: options)
/// ```
public struct EnvironmentOptions: Sendable, Hashable {
    /// The map size to start with, in bytes (rounded up by LMDB to whole pages). The map doubles when full.
    public var initialMapSize: Int = 64 << 20
    /// The largest the map may grow to, in bytes; a write that needs more fails with
    /// `LMDBError.mapCeilingReached`.
    public var maxMapSize: Int = 1 << 40
    /// The size of LMDB's reader table: how many read transactions may be open at once, across processes.
    public var maxReaders: UInt32 = 126
    /// How many named tables the environment may hold.
    public var maxTables: UInt32 = 32
    /// When commits reach the disk. See `Durability`.
    public var durability: Durability = .durable

    public init() {}
}
