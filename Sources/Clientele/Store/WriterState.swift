/// The mutable state of a `StoreWriter`: the id counters and the per-transaction caches.
///
/// A writer lives for one run of a write closure, so its caches die with the transaction, also when the transaction
/// aborts or is replayed after the map grew. The state sits behind a pointer that the writer owns, so the hot path
/// updates it in place without the dynamic exclusivity checks that stored properties of a class cost on every
/// access; a writer is used by one thread, one call at a time (its transaction cannot leave the closure's thread).
struct WriterState {
    var customerSequence: UInt64
    var purchaseSequence: UInt64
    var categorySequence: UInt64
    /// Scratch space for encoding keys and values (saves an allocation per LMDB operation).
    var scratch: [UInt8] = []
    /// The encoded `purchases` key of the line being recorded.
    var purchaseKey: [UInt8] = []
    /// Rollup cells touched by this transaction, written back at the end.
    var rollups = RollupCache()
    /// Aggregates changed by this transaction, written back (with their ordered-view entries) at the end.
    var aggregates: [UInt64: PendingAggregate] = [:]
    /// The aggregate of the customer written last, kept out of `aggregates`.
    var hotAggregate: (id: UInt64, pending: PendingAggregate)?
    /// The customer resolved last (consecutive rows of one customer skip the dictionary).
    var lastCustomer: (externalID: String, id: CustomerID)?
    /// The category resolved last.
    var lastCategory: (name: String, id: UInt32)?
    /// The last channel that passed its check.
    var lastChannel: String?
    /// Customer ids by external id (compared as stored bytes), as resolved or created in this transaction.
    var customerIDs: [StoredBytes: CustomerID] = [:]
    /// Category ids by name (compared as stored bytes), as read or interned in this transaction.
    var categoryIDs: [StoredBytes: UInt32] = [:]
    /// A failure of the write-back done for `reader`, rethrown by the next operation or at commit.
    var deferredError: (any Error)?
    /// The limit set by `limitResidentPages(to:)`, and the steps since it was last checked.
    var residentBudget: Int?
    var stepsSinceResidentCheck = 0
    /// The change feed's clock, boundaries and event counter, read on first use (see `StoreWriter+Feed`).
    var feed: FeedWriterState?
    /// Whether a write with the feed disabled has marked the feed stale (once per transaction).
    var feedMarkedStale = false
    /// With deferred order index entries (`Store.write(deferringOrdersTo:_:)`): the entries of the lines recorded in
    /// this transaction, handed to the sink after the commit; and whether `pending_orders` is known to be set.
    var deferredOrders: [DeferredOrder] = []
    var pendingOrdersMarked = false

    init(customerSequence: UInt64, purchaseSequence: UInt64, categorySequence: UInt64, pendingOrdersMarked: Bool) {
        self.customerSequence = customerSequence
        self.purchaseSequence = purchaseSequence
        self.categorySequence = categorySequence
        self.pendingOrdersMarked = pendingOrdersMarked
        scratch.reserveCapacity(1024)
        purchaseKey.reserveCapacity(32)
    }
}

// One forwarder per field, through which the writer files reach the state: `_read`/`_modify` accessors, so an
// in-place update of a cache is one access to the pointee, without a copy.
extension StoreWriter {
    var customerSequence: UInt64 {
        _read { yield state.pointee.customerSequence }
        _modify { yield &state.pointee.customerSequence }
    }

    var purchaseSequence: UInt64 {
        _read { yield state.pointee.purchaseSequence }
        _modify { yield &state.pointee.purchaseSequence }
    }

    var categorySequence: UInt64 {
        _read { yield state.pointee.categorySequence }
        _modify { yield &state.pointee.categorySequence }
    }

    var scratch: [UInt8] {
        _read { yield state.pointee.scratch }
        _modify { yield &state.pointee.scratch }
    }

    var purchaseKey: [UInt8] {
        _read { yield state.pointee.purchaseKey }
        _modify { yield &state.pointee.purchaseKey }
    }

    var rollups: RollupCache {
        _read { yield state.pointee.rollups }
        _modify { yield &state.pointee.rollups }
    }

    var aggregates: [UInt64: PendingAggregate] {
        _read { yield state.pointee.aggregates }
        _modify { yield &state.pointee.aggregates }
    }

    var hotAggregate: (id: UInt64, pending: PendingAggregate)? {
        _read { yield state.pointee.hotAggregate }
        _modify { yield &state.pointee.hotAggregate }
    }

    var lastCustomer: (externalID: String, id: CustomerID)? {
        _read { yield state.pointee.lastCustomer }
        _modify { yield &state.pointee.lastCustomer }
    }

    var lastCategory: (name: String, id: UInt32)? {
        _read { yield state.pointee.lastCategory }
        _modify { yield &state.pointee.lastCategory }
    }

    var lastChannel: String? {
        _read { yield state.pointee.lastChannel }
        _modify { yield &state.pointee.lastChannel }
    }

    var customerIDs: [StoredBytes: CustomerID] {
        _read { yield state.pointee.customerIDs }
        _modify { yield &state.pointee.customerIDs }
    }

    var categoryIDs: [StoredBytes: UInt32] {
        _read { yield state.pointee.categoryIDs }
        _modify { yield &state.pointee.categoryIDs }
    }

    var feedState: FeedWriterState? {
        _read { yield state.pointee.feed }
        _modify { yield &state.pointee.feed }
    }

    var deferredError: (any Error)? {
        _read { yield state.pointee.deferredError }
        _modify { yield &state.pointee.deferredError }
    }

    var residentBudget: Int? {
        _read { yield state.pointee.residentBudget }
        _modify { yield &state.pointee.residentBudget }
    }

    var stepsSinceResidentCheck: Int {
        _read { yield state.pointee.stepsSinceResidentCheck }
        _modify { yield &state.pointee.stepsSinceResidentCheck }
    }

    var feedMarkedStale: Bool {
        _read { yield state.pointee.feedMarkedStale }
        _modify { yield &state.pointee.feedMarkedStale }
    }

    var deferredOrders: [DeferredOrder] {
        _read { yield state.pointee.deferredOrders }
        _modify { yield &state.pointee.deferredOrders }
    }

    var pendingOrdersMarked: Bool {
        _read { yield state.pointee.pendingOrdersMarked }
        _modify { yield &state.pointee.pendingOrdersMarked }
    }
}
