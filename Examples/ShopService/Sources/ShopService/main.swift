// The example service: `swift run ShopService --store ./shop-store --port 8080` (see README.md).
import Foundation
import Hummingbird
import ShopServiceCore

do {
    let configuration = try ServiceConfiguration(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
    let store = try ShopService.openStore(configuration)
    let app = await ShopService.application(store: store, configuration: configuration)
    try await app.runService()
    try store.close()
} catch {
    FileHandle.standardError.write(Data("ShopService: \(error)\n".utf8))
    exit(1)
}
