import LMDBKit

/// How a store is opened and what it accepts.
public struct StoreOptions: Sendable, Hashable {
    /// What to do with a purchase for a customer the store does not know.
    public enum UnknownCustomers: Sendable, Hashable {
        /// Create the customer with only its external id.
        case create
        /// Throw `ClienteleError.unknownCustomer`.
        case reject
    }

    /// LMDB environment options (map size and ceiling, readers, durability).
    public var environment = EnvironmentOptions()
    /// What a purchase for an unknown customer does. Default: `.create`.
    public var unknownCustomers = UnknownCustomers.create
    /// Decimal places of the currency's minor unit (2 for cents, the default). Fixed when the store is created.
    /// Reopening an existing store with a scale *set* to another value than the stored one throws
    /// `ClienteleError.settingsMismatch`; left unset, the stored scale is used.
    public var currencyScale: Int {
        get { requestedCurrencyScale ?? 2 }
        set { requestedCurrencyScale = newValue }
    }
    /// The business time zone as a fixed offset east of UTC, in seconds (default 0); it decides which day a
    /// purchase falls on. Fixed when the store is created; reopening with an offset *set* to another value than the
    /// stored one throws `ClienteleError.settingsMismatch`; left unset, the stored offset is used.
    public var utcOffsetSeconds: Int32 {
        get { requestedUTCOffsetSeconds ?? 0 }
        set { requestedUTCOffsetSeconds = newValue }
    }
    /// The business time zone as an IANA identifier (`Europe/Berlin`, `America/New_York`): days begin at local
    /// midnight and follow daylight saving. Default `nil`: the fixed `utcOffsetSeconds`. Checked with Foundation's
    /// `TimeZone(identifier:)` and fixed when the store is created (stored in its metadata); reopening with a zone
    /// *set* to another value than the stored one (or set on a store created with a fixed offset) throws
    /// `ClienteleError.timeZoneMismatch`; left unset, the stored zone is used. Set it or `utcOffsetSeconds`, not both.
    ///
    /// ```swift
    /// var options = StoreOptions()
    /// options.timeZone = "Europe/Berlin"
    /// let store = try Store.open(at: path, options: options)
    /// ```
    public var timeZone: String?
    /// The scale and offset the caller set (nil: take the stored ones).
    var requestedCurrencyScale: Int?
    var requestedUTCOffsetSeconds: Int32?
    /// How far past the system clock a purchase may be dated before it is rejected (a year-9999 purchase would
    /// pin recency forever). Default: one day.
    public var futureTolerance: Int64 = 86_400 * 1_000_000
    /// Allow opening a directory whose LMDB file has no Clientele marker. LMDB has no page checksums and a damaged or
    /// hostile file can crash the process: only for files you trust.
    ///
    /// Without it, an existing file is refused with `ClienteleError.notAClienteleStore` unless its `meta` table holds
    /// Clientele's format marker; the check only reads (LMDB's meta pages and its table directory), so a refused file
    /// is left unchanged. A file holding nothing but Clientele's own tables, all empty (what a process killed while
    /// creating the store leaves), is not foreign: the open finishes creating it. See docs/reliability.md.
    public var allowForeignFiles = false
    /// How old (in seconds) the population scores one customer's scores and segment are ranked against may be
    /// (`Store.customerRFM` as of now). Default: 1 second. Within it a read after a write ranks the customer's current
    /// figures against the last population snapshot instead of rebuilding it (a rebuild reads the three ordered views,
    /// milliseconds per 100k customers). Past it, reads keep using that snapshot while one background rebuild
    /// replaces it, so a snapshot is at most `scoreStaleness` plus one rebuild old and no reader waits for a rebuild
    /// once one exists (the first read after opening builds it).
    /// `0` gives the scores of the read's own snapshot (a rebuild after every write). Population queries (segment
    /// counts and members, the RFM table) always use their own snapshot. See docs/queries.md.
    public var scoreStaleness: Double = 1

    /// When commits reach the disk (`environment.durability`). Default: `.durable`.
    public var durability: Durability {
        get { environment.durability }
        set { environment.durability = newValue }
    }
    /// How many dedicated threads run async reads (`Store.read(_:) async` and the async queries); at least 1.
    /// Default: 4. Async writes run on one more thread, group-committed records on another.
    public var readerThreads = 4
    /// The lifecycle change feed: on by default (see `ChangeFeedOptions`).
    public var changeFeed = ChangeFeedOptions()

    /// The defaults: durable commits, four reader threads, the change feed on; a new store gets UTC days and a
    /// currency scale of 2 (an existing one keeps its own).
    public init() {
        environment.maxTables = 28
    }
}
