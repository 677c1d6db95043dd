import Clientele
import Hummingbird
import Logging

/// The example service: opens (or creates) the store, fits the purchase model, and serves the routes.
public enum ShopService {
    /// Opens the store at `configuration.storePath`.
    /// - Throws: `ClienteleError` from `Store.open` (a time zone other than the stored one, a foreign file, …).
    public static func openStore(_ configuration: ServiceConfiguration) throws -> Store {
        var options = StoreOptions()
        if let zone = configuration.timeZone { options.timeZone = zone }
        return try Store.open(at: configuration.storePath, options: options)
    }

    /// The Hummingbird application over `store`; the model behind P(alive) is fitted before it returns and then
    /// every `modelRefreshSeconds` while the application runs, and the change feed is advanced to now every
    /// `advanceSeconds` (`Store.advance(to:)`: time-driven status events, the periodic segment sweep).
    public static func application(
        store: Store, configuration: ServiceConfiguration, logger: Logger = Logger(label: "ShopService")
    ) async -> some ApplicationProtocol {
        let models = ModelHolder()
        await models.refresh(store)
        let router = Router()
        Routes(store: store, models: models, followHeartbeat: .seconds(configuration.followHeartbeatSeconds))
            .add(to: router)
        let refresh = configuration.modelRefreshSeconds
        let advance = configuration.advanceSeconds
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            logger: logger)
        if refresh > 0 {
            app.beforeServerStarts {
                Task.detached {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(refresh))
                        await models.refresh(store)
                    }
                }
            }
        }
        if advance > 0 {
            app.beforeServerStarts {
                Task.detached {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(advance))
                        do {
                            try await store.advance(to: .now)
                        } catch ClienteleError.storeClosed {
                            return
                        } catch {
                            logger.error("advancing the change feed failed: \(error)")
                        }
                    }
                }
            }
        }
        return app
    }
}
