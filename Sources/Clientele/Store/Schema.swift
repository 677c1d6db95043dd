import LMDBKit

/// Key layouts of the store's tables (see docs/storage.md).
typealias PurchaseKey = Triple<UInt64Key, Int64Key, UInt64Key>      // (customer, occurred-at µs, sequence)
typealias OrderedViewKey = Pair<Int64Key, UInt64Key>                // (value, customer) → external id
typealias CohortKey = Pair<Int32Key, Int32Key>                      // (cohort month, activity month)
typealias CategoryMonthKey = Pair<UInt32Key, Int32Key>             // (category, month)
typealias TransitionKey = Pair<UInt32Key, UInt32Key>                // (from category, to category)
typealias TagKey = Pair<StringKey, UInt64Key>                       // (tag, customer)
typealias EmailKey = Pair<StringKey, UInt64Key>                     // (normalized email, customer)
typealias DueKey = Pair<Int32Key, UInt64Key>                        // (due day, customer)

/// Every table of a store, opened once.
struct Schema: Sendable {
    /// 4: `purchase_by_order` values are compact (`OrderLineCodec`, 15 bytes where the `purchases` key took 24), and
    /// `customer_by_key` is named `customer_by_external_id`.
    /// 3: no `purchases_by_day` (a day index of every line, which no query read); one entry fewer per purchase.
    /// 2: the ordered views hold each customer's external id as their value (a covering index for lists).
    /// Older stores are upgraded when opened (see `Store.upgradeViews`, `Store.dropDayIndex`,
    /// `Store.compactOrderIndex`, `Store.renameExternalIDIndex`).
    static let formatVersion: UInt64 = 4
    /// The table formats 1 and 2 had and format 3 deletes.
    static let formerDayIndex = "purchases_by_day"
    /// The name formats 1 to 3 gave the table of customers by external id.
    static let formerExternalIDIndex = "customer_by_key"
    /// The table the upgrade to format 4 builds the compact order index in (created and deleted in one transaction).
    static let orderIndexStaging = "purchase_by_order.upgrade"

    let meta: MetaTable
    let customers: Table<UInt64Key, CustomerCodec>
    let customerByExternalID: Table<StringKey, UInt64Value>
    let customerByEmail: Table<EmailKey, EmptyValue>
    let purchases: Table<PurchaseKey, StoredPurchaseCodec>
    let purchaseByOrder: Table<StringKey, OrderLineCodec>
    let stats: Table<UInt64Key, CustomerStatsCodec>
    let byRecency: Table<OrderedViewKey, StringValue>
    let byFrequency: Table<OrderedViewKey, StringValue>
    let byMonetary: Table<OrderedViewKey, StringValue>
    let categoryByName: Table<StringKey, UInt32Key>
    let categoryNames: Table<UInt32Key, StringValue>
    let daily: Table<Int32Key, DailyTotalsCodec>
    let cohorts: Table<CohortKey, CohortCellCodec>
    let transitions: Table<TransitionKey, CounterCodec>
    let entry: Table<UInt32Key, EntryCellCodec>
    let tags: Table<TagKey, EmptyValue>
    let doNotContact: Table<UInt64Key, EmptyValue>
    let categoryMonths: Table<CategoryMonthKey, CategoryMonthCellCodec>
    /// The change feed's outbox: events by offset.
    let feedEvents: Table<UInt64Key, ChangeEventCodec>
    /// The change feed's due-time index: (day of the next time-driven status change, customer).
    let feedDue: Table<DueKey, EmptyValue>
    /// The change feed's consumers: name → acknowledged offset and retention horizon (`ConsumerRecord`).
    let feedConsumers: Table<StringKey, BytesValue>

    /// The names of every table, for verify and compaction checks.
    static let tableNames = [
        "meta", "customers", "customer_by_external_id", "customer_by_email", "purchases", "purchase_by_order",
        "stats", "by_recency", "by_frequency", "by_monetary", "category_by_name",
        "category_names", "daily", "cohorts", "transitions", "entry", "customers_by_tag", "category_months", "do_not_contact",
        "feed_events", "feed_due", "feed_consumers",
    ]

    init(_ env: Environment) throws {
        meta = MetaTable(table: try env.openTable("meta", key: StringKey.self, value: BytesValue.self))
        customers = try env.openTable("customers", key: UInt64Key.self, value: CustomerCodec.self)
        customerByExternalID = try env.openTable("customer_by_external_id", key: StringKey.self, value: UInt64Value.self)
        customerByEmail = try env.openTable("customer_by_email", key: EmailKey.self, value: EmptyValue.self)
        purchases = try env.openTable("purchases", key: PurchaseKey.self, value: StoredPurchaseCodec.self)
        purchaseByOrder = try env.openTable("purchase_by_order", key: StringKey.self, value: OrderLineCodec.self)
        stats = try env.openTable("stats", key: UInt64Key.self, value: CustomerStatsCodec.self)
        byRecency = try env.openTable("by_recency", key: OrderedViewKey.self, value: StringValue.self)
        byFrequency = try env.openTable("by_frequency", key: OrderedViewKey.self, value: StringValue.self)
        byMonetary = try env.openTable("by_monetary", key: OrderedViewKey.self, value: StringValue.self)
        categoryByName = try env.openTable("category_by_name", key: StringKey.self, value: UInt32Key.self)
        categoryNames = try env.openTable("category_names", key: UInt32Key.self, value: StringValue.self)
        daily = try env.openTable("daily", key: Int32Key.self, value: DailyTotalsCodec.self)
        cohorts = try env.openTable("cohorts", key: CohortKey.self, value: CohortCellCodec.self)
        transitions = try env.openTable("transitions", key: TransitionKey.self, value: CounterCodec.self)
        entry = try env.openTable("entry", key: UInt32Key.self, value: EntryCellCodec.self)
        tags = try env.openTable("customers_by_tag", key: TagKey.self, value: EmptyValue.self)
        doNotContact = try env.openTable("do_not_contact", key: UInt64Key.self, value: EmptyValue.self)
        categoryMonths = try env.openTable("category_months", key: CategoryMonthKey.self, value: CategoryMonthCellCodec.self)
        feedEvents = try env.openTable("feed_events", key: UInt64Key.self, value: ChangeEventCodec.self)
        feedDue = try env.openTable("feed_due", key: DueKey.self, value: EmptyValue.self)
        feedConsumers = try env.openTable("feed_consumers", key: StringKey.self, value: BytesValue.self)
    }
}
