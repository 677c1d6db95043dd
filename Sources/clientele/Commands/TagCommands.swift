import ArgumentParser
import Clientele

/// The arguments `tag` and `untag` share, and the one write they make.
struct TagArguments: ParsableArguments {
    @OptionGroup var storeSelection: StoreSelection

    @Argument(help: "The customer's id.")
    var id: String

    @Argument(help: "The tag.")
    var tag: String

    /// Opens the store, applies `change` to the customer and tag in one write, prints `done`.
    func apply(_ change: @escaping (StoreWriter, String, String) throws -> Void, done: String) throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            try store.write { try change($0, id, tag) }
            Console.out.line(done)
        }
    }
}

/// `clientele tag ID TAG`.
struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag", abstract: "Add a tag to a customer (for example advocate, toxic).")

    @OptionGroup var arguments: TagArguments

    func run() throws { try arguments.apply({ try $0.tag($1, $2) }, done: "tagged") }
}

/// `clientele untag ID TAG`.
struct UntagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "untag", abstract: "Remove a tag from a customer.")

    @OptionGroup var arguments: TagArguments

    func run() throws { try arguments.apply({ try $0.untag($1, $2) }, done: "untagged") }
}
