import ArgumentParser
import Clientele

/// `clientele tag ID TAG`.
struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Add a tag to a customer (for example advocate, toxic)."
    )

    @OptionGroup var storeSelection: StoreSelection

    @Argument(help: "The customer's id.")
    var id: String

    @Argument(help: "The tag.")
    var tag: String

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            try store.write { try $0.tag(id, tag) }
            Console.out.line("tagged")
        }
    }
}
