/// The exit codes of `clientele` (sysexits-style), documented in `--help` and docs/cli.md.
enum ExitStatus: Int32, CaseIterable {
    /// Success.
    case success = 0
    /// `verify` found differences (they are listed on standard output).
    case differences = 1
    /// A usage error: unknown command or option, a bad argument value (swift-argument-parser's code).
    case usage = 64
    /// Bad input data: a malformed file or an invalid row (`FILE:LINE: column NAME: reason`).
    case badInput = 65
    /// Not found: an input file that cannot be opened, or an unknown customer.
    case notFound = 66
    /// A store error: no store at the path (read-only commands never create one), not a Clientele store, damaged
    /// records, I/O or a full disk, or the store is in use (compact).
    case store = 74

    /// The text for `--help`.
    static let helpText = """
        EXIT CODES:
          0   success
          1   verify found differences
          64  usage error (bad option or argument)
          65  bad input data (FILE:LINE: column NAME: reason)
          66  not found (input file, customer)
          74  store error (missing, damaged, I/O, in use)
        """
}
