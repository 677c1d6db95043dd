import LMDBKit

/// The latest population score snapshot, reused while no write has committed since it was taken.
final class ScoreCache: Sendable {
    private let latest = Locked<ScoreSnapshot?>(nil)

    /// Forgets the cached snapshot.
    func invalidate() { latest.withLock { $0 = nil } }

    /// The snapshot for the transaction `reader` reads, building it when the cached one is older.
    func snapshot(_ reader: StoreReader) throws -> ScoreSnapshot {
        // Inside a write the snapshot holds uncommitted writes, and an aborted write's transaction id is reused by
        // the next one: never cache it.
        guard !reader.insideWrite else {
            return try ScoreSnapshot.build(reader.schema, txn: reader.txn, customerCeiling: try reader.customerCeiling())
        }
        let id = reader.txn.id
        if let cached = latest.withLock({ $0 }), cached.transactionID == id { return cached }
        let built = try ScoreSnapshot.build(reader.schema, txn: reader.txn, customerCeiling: try reader.customerCeiling())
        latest.withLock { current in
            if (current?.transactionID ?? Int.min) < built.transactionID { current = built }
        }
        return built
    }
}

extension StoreReader {
    /// The highest customer number handed out so far.
    func customerCeiling() throws -> UInt64 {
        try schema.meta.get("customer_seq", in: txn).map { bytes in
            try bytes.withUnsafeBytes { try UInt64Value.decode($0) }
        } ?? 0
    }
}
