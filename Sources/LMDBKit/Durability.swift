/// How a committed write reaches the disk. Every mode keeps atomicity, consistency and isolation.
public enum Durability: Sendable, Hashable {
    /// The default: a commit is on disk when `write` returns (data pages synced, then the meta page).
    case durable
    /// `MDB_NOMETASYNC`: the meta page is not synced at commit. A system crash (not a process crash) may undo
    /// the last committed transactions; the store stays consistent.
    case relaxed
    /// `MDB_NOSYNC`: nothing is synced at commit; call `Environment.sync()` at the end of each batch. A system
    /// crash may lose unsynced transactions. For bulk imports that can be re-run.
    case bulk
}
