import LMDBKit

extension Store {
    /// Writes a batch of `count` items in one transaction, leaving out the items that fail, until the rest commits:
    /// the one mechanism behind group commit (`GroupCommitter`) and the import's `skipInvalid` (`ImportEngine`).
    ///
    /// Each attempt runs `prepare` and then `apply` for every item not left out, in index order. When `apply` throws
    /// for an item, the transaction is rolled back (nothing of the attempt remains) and `leaveOut(index, error)`
    /// decides: `true` leaves the item out and writes the batch again without it; `false` stops, rethrowing the
    /// error. `leaveOut` may throw an error of its own instead. A failure outside `apply` (in `prepare`, or the
    /// commit) is rethrown as it is.
    ///
    /// - Parameter failures: the errors of the items left out, by index (filled in also when the call throws).
    /// - Parameter deferringOrdersTo: writes with the order index entries deferred to this sink (the sorted
    ///   import; see `DeferredOrders.swift`); `nil`: as `write(_:)`.
    /// - Returns: what `apply` returned for each item, `nil` for the items left out.
    /// - Throws: the error of an item `leaveOut` did not leave out, an error of `leaveOut`, or a failure of the
    ///   transaction.
    package func writeLeavingOutFailures<Result>(
        count: Int,
        failures: inout [Int: any Error],
        deferringOrdersTo sink: (any DeferredOrderSink)? = nil,
        prepare: (StoreWriter) throws -> Void = { _ in },
        apply: (StoreWriter, Int) throws -> Result,
        leaveOut: (Int, any Error) throws -> Bool
    ) throws -> [Result?] {
        func attempt(_ body: (StoreWriter) throws -> [Result?]) throws -> [Result?] {
            if let sink { return try write(deferringOrdersTo: sink, body) }
            return try write(body)
        }
        while true {
            var failing: (index: Int, error: any Error)?
            do {
                return try attempt { writer -> [Result?] in
                    failing = nil
                    try prepare(writer)
                    var results = [Result?](repeating: nil, count: count)
                    for index in 0..<count where failures.isEmpty || failures[index] == nil {
                        do { results[index] = try apply(writer, index) } catch {
                            failing = (index, error)
                            throw error
                        }
                    }
                    return results
                }
            } catch {
                guard let failing, try leaveOut(failing.index, failing.error) else { throw error }
                failures[failing.index] = failing.error
            }
        }
    }
}
