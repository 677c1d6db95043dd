import Clientele
import Synchronization

/// The purchase model behind P(alive): fitted at startup and every `modelRefreshSeconds` (a fit reads every
/// customer's summary, so it is not done per request). Until a fit succeeds (an empty store, too few customers) it is
/// nil and answers carry no P(alive).
final class ModelHolder: Sendable {
    private let state = Mutex<(model: PurchaseModel, alive: BetaGeoModel)?>(nil)

    var current: (model: PurchaseModel, alive: BetaGeoModel)? { state.withLock { $0 } }

    /// Fits the model on `store` as of now; keeps the previous one when the fit fails.
    func refresh(_ store: Store) async {
        do {
            let model = try await store.fitPurchaseModel(PredictionOptions())
            let alive = try BetaGeoModel(parameters: model.betaGeo)
            state.withLock { $0 = (model, alive) }
        } catch {
            // Not enough data yet: keep what we had.
        }
    }
}
