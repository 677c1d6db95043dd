import ArgumentParser
import Clientele
import ClienteleImport

/// `clientele import purchases|customers FILE…`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import purchases or customers from CSV files (batched, idempotent, resumable).",
        subcommands: [ImportPurchasesCommand.self, ImportCustomersCommand.self]
    )
}

/// The options both import commands share.
struct ImportFlags: ParsableArguments {
    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp(
        "Read FIELD from column COLUMN (repeatable).", valueName: "FIELD=COLUMN"))
    var map: [String] = []

    @Flag(name: .long, help: "Amounts use a decimal comma (12,50).")
    var decimalComma = false

    @Flag(name: .long, help: "Reject bad rows and import the rest, instead of stopping at the first bad row.")
    var skipInvalid = false

    @Option(name: .long, help: ArgumentHelp(
        "With --skip-invalid: write each rejected row, with its line and reason, to PATH (mode 0600).",
        valueName: "PATH"))
    var rejects: String?

    @Flag(name: .long, help: """
        Write the rejects file's fields as read (no ' before a leading =, +, -, @, tab or CR; control characters \
        not escaped).
        """)
    var raw = false

    @Option(name: .long, help: "Rows per write transaction (memory grows with it: about 1.5 KiB per row).")
    var batchSize = 50_000

    @Flag(name: .long, help: """
        Purchases: write batches in input order as they are read, instead of reading and sorting the whole file by \
        customer first (for a stream whose rows should be committed while it is being read).
        """)
    var noSort = false

    @Option(name: .long, help: ArgumentHelp(
        "Purchases: memory for sorting, in MiB (default 64); beyond it sorted runs spill to a temporary file in the "
            + "store's directory.", valueName: "MiB"))
    var sortMemory = 64

    @Option(name: .long, help: "Stop with an error after this many rows per file.")
    var maxRows: Int?

    @Flag(name: .long, help: "No progress display.")
    var quiet = false

    @Option(name: .long, help: "A new store's currency scale: decimals of the minor unit (default 2). Fixed at creation.")
    var currencyScale: Int?

    @Option(name: .long, help: ArgumentHelp(
        "A new store's business time zone as a UTC offset (default Z); it decides which day a purchase falls on. "
            + "Fixed at creation.", valueName: "±HH:MM"))
    var utcOffset: String?

    @Option(name: .long, help: ArgumentHelp(
        "A new store's business time zone as an IANA name (Europe/Berlin); days follow its daylight saving. "
            + "Fixed at creation; instead of --utc-offset.", valueName: "NAME"))
    var timeZone: String?

    @Option(name: .long, help: ArgumentHelp(
        "Print a plain progress line every SECONDS (0: after every batch) instead of the automatic display.",
        valueName: "SECONDS"))
    var progressInterval: Double?

    func validate() throws {
        guard rejects == nil || skipInvalid else {
            throw ValidationError("--rejects needs --skip-invalid")
        }
        guard batchSize >= 1 && batchSize <= 1_000_000 else {
            throw ValidationError("--batch-size must be 1...1000000")
        }
        if let maxRows, maxRows < 1 { throw ValidationError("--max-rows must be at least 1") }
        guard sortMemory >= 1 && sortMemory <= 65_536 else { throw ValidationError("--sort-memory must be 1...65536") }
        if let progressInterval, !(progressInterval >= 0) { throw ValidationError("--progress-interval must be ≥ 0") }
        if let currencyScale, !(0...9).contains(currencyScale) { throw ValidationError("--currency-scale must be 0...9") }
        if let utcOffset, Self.offsetSeconds(utcOffset) == nil {
            throw ValidationError("--utc-offset must be Z or ±HH:MM within ±18:00")
        }
        if timeZone != nil && utcOffset != nil { throw ValidationError("give --time-zone or --utc-offset, not both") }
        if let timeZone, (try? DayCalendar(timeZoneIdentifier: timeZone)) == nil {
            throw ValidationError("--time-zone: not a known IANA time zone name")
        }
    }

    /// `Z`, `+01:00`, `-0530` → seconds east of UTC.
    static func offsetSeconds(_ text: String) -> Int32? {
        if text == "Z" || text == "z" || text == "0" { return 0 }
        let utf8 = Array(text.utf8)
        guard let sign = utf8.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let digits = utf8.dropFirst().filter { $0 != UInt8(ascii: ":") }
        guard digits.count == 4, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              utf8.count == 5 || (utf8.count == 6 && utf8[3] == UInt8(ascii: ":")) else { return nil }
        let values = digits.map { Int32($0 - 0x30) }
        let hours = values[0] * 10 + values[1]
        let minutes = values[2] * 10 + values[3]
        guard minutes < 60, hours * 3600 + minutes * 60 <= 18 * 3600 else { return nil }
        return (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    /// Opens or creates the store, with the creation settings given.
    func openStore(_ selection: StoreSelection) throws -> Store {
        var options = StoreSelection.options(durability: .relaxed)
        if let currencyScale { options.currencyScale = currencyScale }
        options.changeFeed.enabled = !selection.noChangeFeed
        if let utcOffset, let seconds = Self.offsetSeconds(utcOffset) { options.utcOffsetSeconds = seconds }
        if let timeZone { options.timeZone = timeZone }
        return try Store.open(at: selection.path, options: options)
    }

    func importOptions<Field: RawRepresentable & CaseIterable>(format: ImportFormat, fields: Field.Type) throws
        -> ImportOptions where Field.RawValue == String
    {
        var options = ImportOptions()
        options.format = format
        options.mapping = try ColumnMapping(parsing: map, fields: fields)
        options.decimalComma = decimalComma
        options.batchSize = batchSize
        options.skipInvalid = skipInvalid
        options.maxRows = maxRows
        options.sortInput = !noSort
        options.sortRunBytes = sortMemory << 20
        return options
    }

    func rejectsWriter() throws -> RejectsWriter? {
        try rejects.map { path throws(ImportError) in try RejectsWriter(path: path, raw: raw) }
    }
}

/// `clientele import purchases FILE…`.
struct ImportPurchasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purchases",
        abstract: "Import purchases.",
        discussion: """
            CSV with a header row (RFC 4180: quotes, embedded commas and newlines, CRLF, a UTF-8 BOM). Columns: \
            customer_id, order_id, occurred_at, amount, category; optional quantity, channel, refund_of. \
            Dates: YYYY-MM-DD, YYYYMMDD (midnight in the store's time zone) or an ISO 8601 date-time with Z or an \
            offset. Amounts: a strict decimal at the store's currency scale (-12.50); a negative amount is a refund. \
            Rows without an order id get one derived from their content, so importing a file twice adds nothing.

            --format cdnow reads the CDNOW data set (the master file or the sample; the sample's id column is the \
            customer).

            The import stops at the first bad row with FILE:LINE: column NAME: reason (exit 65); every batch \
            before it is stored, its own batch is not.
            """
    )

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var flags: ImportFlags

    @Option(name: .long, help: "csv or cdnow.")
    var format: ImportFormat = .csv

    @Argument(help: ArgumentHelp("Files to import; - reads standard input.", valueName: "FILE"))
    var files: [String]

    func run() throws {
        try CommandRunner.run {
            let options = try flags.importOptions(format: format, fields: PurchaseField.self)
            let store = try flags.openStore(storeSelection)
            let runner = ImportRunner(
                store: store, kind: .purchases, options: options, rejects: try flags.rejectsWriter(),
                progress: .automatic(quiet: flags.quiet, interval: flags.progressInterval))
            _ = try runner.run(files)
        }
    }
}

/// `clientele import customers FILE…`.
struct ImportCustomersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers",
        abstract: "Import customers (create or update).",
        discussion: """
            CSV with a header row. Columns: customer_id, email, phone, name, city, signup_at; optional birth_date, \
            gender, tags (separated by ;), do_not_contact (true/false, yes/no, 1/0). Every other column becomes an \
            attribute. An empty cell keeps the stored value.
            """
    )

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var flags: ImportFlags

    @Argument(help: ArgumentHelp("Files to import; - reads standard input.", valueName: "FILE"))
    var files: [String]

    func run() throws {
        try CommandRunner.run {
            let options = try flags.importOptions(format: .csv, fields: CustomerField.self)
            let store = try flags.openStore(storeSelection)
            let runner = ImportRunner(
                store: store, kind: .customers, options: options, rejects: try flags.rejectsWriter(),
                progress: .automatic(quiet: flags.quiet, interval: flags.progressInterval))
            _ = try runner.run(files)
        }
    }
}

extension ImportFormat: ExpressibleByArgument {}
