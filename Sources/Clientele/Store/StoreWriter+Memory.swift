import LMDBKit

extension StoreWriter {
    /// Drops this process's resident copies of the store's mapped pages (`Environment.releaseResidentPages`): the
    /// transaction's own changes live in its memory and are unaffected; unchanged pages come back from the page
    /// cache on their next access. Bulk loads call it between rows to keep resident memory bounded whatever the size
    /// of the store.
    public func releaseResidentPages() {
        store.environment.releaseResidentPages(within: txn)
    }

    /// Keeps the store's pages resident in this process (file-backed memory, `Environment.residentBytes`) near
    /// `bytes` for the rest of this transaction: every `residentCheckSteps` steps that touch the B-trees (purchases
    /// recorded, aggregates and rollup cells written back) the writer checks and, past the limit, releases them. For
    /// bulk loads whose memory must not grow with the store.
    public func limitResidentPages(to bytes: Int) {
        residentBudget = bytes
    }

    /// How many steps pass between two checks of `limitResidentPages(to:)`.
    static let residentCheckSteps = 128

    /// One step of B-tree work, for `limitResidentPages(to:)`.
    @inline(__always)
    func noteResidentStep() {
        guard let budget = residentBudget else { return }
        stepsSinceResidentCheck &+= 1
        guard stepsSinceResidentCheck >= Self.residentCheckSteps else { return }
        stepsSinceResidentCheck = 0
        if let file = Environment.residentBytes()?.file, file > budget { releaseResidentPages() }
    }
}
