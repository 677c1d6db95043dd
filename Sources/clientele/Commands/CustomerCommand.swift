import ArgumentParser
import Clientele

/// `clientele customer ID`: one customer's profile, aggregate, RFM, status, segment and recent purchases.
struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "One customer: profile, aggregate, RFM scores, status, segment and recent purchases."
    )

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var outputOptions: OutputOptions

    @Argument(help: "The customer's id.")
    var id: String

    @Option(name: .long, help: ArgumentHelp("Figures as of DATE (default: now).", valueName: "DATE"))
    var asOf: String?

    @Option(name: .long, help: "How many recent purchases to list.")
    var purchases = 10

    func validate() throws {
        guard (0...10_000).contains(purchases) else { throw ValidationError("--purchases must be 0...10000") }
    }

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            let asOfInstant = try asOf.map { try DateArgument.parse($0, option: "--as-of", store: store) }
            guard let profile = try store.read({ try $0.profile(externalID: id) }) else {
                throw CLIError(.notFound, "no such customer")
            }
            let scale = store.currencyScale
            var record = KeyValueOutput()
            let customer = profile.customer
            record.add("customer_id", .text(customer.externalID))
            record.add("email", .optionalText(customer.email))
            record.add("phone", .optionalText(customer.phone))
            record.add("name", .optionalText(customer.name))
            record.add("city", .optionalText(customer.city))
            record.add("birth_date", .optionalText(customer.birthDate?.description))
            record.add("gender", .optionalText(customer.gender))
            record.add("signup_at", .optionalText(customer.signupAt?.description))
            record.add("tags", .text(customer.tags.sorted().joined(separator: ";")))
            record.add("do_not_contact", .bool(customer.doNotContact))
            for key in customer.attributes.keys.sorted() {
                record.add("attribute." + key, .optionalText(customer.attributes[key]))
            }
            // With --as-of, every figure is as of that date: the aggregate is re-derived from the purchases up to it.
            let asOfStats = try asOfInstant.map { try store.customerStats(externalID: id, asOf: $0) }
            if let asOfInstant, asOfStats ?? nil == nil {
                record.add("purchases", .text("no purchases by \(store.day(of: asOfInstant))"))
            }
            if let stats = asOfInstant == nil ? profile.stats : asOfStats ?? nil {
                let categories = try store.read { reader in
                    (try reader.categoryName(stats.firstCategory), try reader.categoryName(stats.lastCategory))
                }
                record.add("orders", .int(stats.orders))
                record.add("occasions", .int(stats.occasions))
                if stats.hasPurchases {
                    record.add("first_purchase", .text(stats.firstPurchase.description))
                    record.add("last_purchase", .text(stats.lastPurchase.description))
                }
                record.add("gross_revenue", .money(stats.grossRevenue, scale: scale))
                record.add("refunds", .int(stats.refundCount))
                record.add("refunded", .money(stats.refundTotal, scale: scale))
                record.add("net_monetary", .money(stats.netMonetary, scale: scale))
                record.add("largest_order", .money(stats.largestOrder, scale: scale))
                record.add("first_category", .optionalText(categories.0))
                record.add("last_category", .optionalText(categories.1))
            }
            if let rfm = try store.customerRFM(externalID: id, asOf: asOfInstant) {
                record.add("as_of", .text(store.day(of: rfm.asOf).description))
                record.add("days_since_last_purchase", .int(rfm.daysSinceLastPurchase))
                record.add("days_since_first_purchase", .int(rfm.daysSinceFirstPurchase))
                record.add("average_order_value", .money(rfm.averageOrderValue, scale: scale))
                record.add("mean_gap_days", .optionalDecimal(rfm.meanGapDays, places: 1))
                record.add("last_gap_days", .optionalInt(rfm.lastGapDays))
                if let intervals = try store.intervals(externalID: id, asOf: asOfInstant) {
                    record.add("median_gap_days", .optionalDecimal(intervals.medianDays, places: 1))
                    record.add("overdue_ratio", .optionalDecimal(intervals.overdueRatio, places: 2))
                }
                record.add("r", .int(rfm.scores.recency))
                record.add("f", .int(rfm.scores.frequency))
                record.add("m", .int(rfm.scores.monetary))
                record.add("rfm", .text(rfm.scores.description))
                record.add("segment", .text(rfm.segment))
                record.add("status", .text(rfm.status.rawValue))
            }
            let recent = try recentPurchases(store, limit: purchases, until: asOfInstant)
            switch outputOptions.format {
            case .table:
                record.print(.table, raw: outputOptions.raw)
                if !recent.rows.isEmpty {
                    Console.out.line()
                    Console.out.line("recent purchases:")
                    recent.print(.table, raw: outputOptions.raw)
                }
            case .csv:
                record.print(.csv, raw: outputOptions.raw)
                if !recent.rows.isEmpty {
                    Console.out.line()
                    recent.print(.csv, raw: outputOptions.raw)
                }
            case .json:
                Console.out.line(record.jsonObject(extra: [("recent_purchases", recent.jsonArray(indent: 2))]))
            }
        }
    }

    /// The last `limit` purchase lines (up to `until`), newest first. Pages through the customer's lines in short
    /// transactions, keeping only the last `limit`.
    private func recentPurchases(_ store: Store, limit: Int, until: Instant?) throws -> OutputTable {
        var table = OutputTable(["occurred_at", "order_id", "amount", "category", "quantity", "channel", "refund_of"])
        guard limit > 0 else { return table }
        var kept: [PurchaseLine] = []
        var page = try store.purchases(of: id, to: until.map { Instant(microseconds: $0.microseconds + 1) }, limit: 500)
        while true {
            kept.append(contentsOf: page.lines)
            if kept.count > limit { kept.removeFirst(kept.count - limit) }
            guard let next = page.next else { break }
            page = try store.purchases(
                of: id, to: until.map { Instant(microseconds: $0.microseconds + 1) }, limit: 500, after: next)
        }
        for line in kept.reversed() {
            table.append([
                .text(line.occurredAt.description), .optionalText(line.orderID),
                .money(line.amount, scale: store.currencyScale), .optionalText(line.category), .int(line.quantity),
                .optionalText(line.channel), .optionalText(line.refundOf),
            ])
        }
        return table
    }
}
