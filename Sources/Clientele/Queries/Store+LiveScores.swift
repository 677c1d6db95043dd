import Foundation
import LMDBKit

extension Store {
    /// The scores of customer `id` (with aggregate `stats`, read in `reader`'s transaction) as of now: from the
    /// population snapshot of this transaction when it is the cached one, else the customer's current view keys ranked
    /// against the boundaries of a snapshot at most `options.scoreStaleness` seconds old (``ScoreCache``).
    func liveScores(_ reader: StoreReader, id: CustomerID, stats: CustomerStats) throws -> RFMScores? {
        let snapshot = try scoreCache.snapshot(reader, staleness: options.scoreStaleness) { refreshScores() }
        if snapshot.transactionID == reader.txn.id { return snapshot.scores(of: id.rawValue) }
        guard let views = OrderedViews(stats) else { return nil }
        return RFMScores(
            recency: snapshot.score(.recency, value: views.recency, id: id.rawValue),
            frequency: snapshot.score(.frequency, value: views.frequency, id: id.rawValue),
            monetary: snapshot.score(.monetary, value: views.monetary, id: id.rawValue))
    }

    /// Rebuilds the population score snapshot on a thread of its own, for reads past `scoreStaleness` (which keep
    /// using the previous snapshot meanwhile).
    private func refreshScores() {
        let thread = Thread { [weak self] in
            guard let self else { return }
            do { try self.read { reader in try self.scoreCache.refresh(reader) } } catch {
                // Closed or unreadable: readers fall back to building themselves (see `ScoreCache.refreshGrace`).
                self.scoreCache.refreshed()
            }
        }
        thread.name = "clientele-scores"
        thread.start()
    }
}
