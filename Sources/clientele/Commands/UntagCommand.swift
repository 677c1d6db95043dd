import ArgumentParser
import Clientele

/// `clientele untag ID TAG`.
struct UntagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "untag",
        abstract: "Remove a tag from a customer."
    )

    @OptionGroup var storeSelection: StoreSelection

    @Argument(help: "The customer's id.")
    var id: String

    @Argument(help: "The tag.")
    var tag: String

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            try store.write { try $0.untag(id, tag) }
            Console.out.line("untagged")
        }
    }
}
