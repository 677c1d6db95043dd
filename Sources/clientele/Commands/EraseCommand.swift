import ArgumentParser
import Clientele

/// `clientele erase ID`: the right to be forgotten.
struct EraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a customer and every purchase, index entry and rollup contribution (GDPR Art. 17).",
        discussion: """
            One transaction removes the customer as if it had never existed. The erased bytes stay in LMDB's free \
            pages until they are reused: run `clientele compact` afterwards to remove them from the file, and \
            rotate old backups.
            """
    )

    @OptionGroup var storeSelection: StoreSelection

    @Argument(help: "The customer's id.")
    var id: String

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            let erased = try store.write { try $0.erase(externalID: id) }
            guard erased else { throw CLIError(.notFound, "no such customer") }
            Console.out.line("erased; run `clientele compact` to remove the erased bytes from the store file")
        }
    }
}
