import LMDBKit

extension Store {
    /// The lifetimes-compatible BTYD summary of every customer with a purchase by the (calibration) end, in
    /// customer-number order.
    ///
    /// For days, multiplier 1 and no end in the past, each row comes from the customer's aggregate alone; otherwise
    /// each customer's purchases are read once (one pass over the purchase table).
    ///
    /// ```swift
    /// // CDNOW's published summary: weeks as days / 7, calibration end 1997-09-30
    /// let rows = try store.summary(SummaryOptions(period: .day, multiplier: 7, observationEnd: end))
    /// ```
    /// - Throws: `ClienteleError.invalidInput` for a multiplier ≤ 0 or a calibration end after the observation end;
    ///   `.corrupted`; `.storage`.
    public func summary(_ options: SummaryOptions = SummaryOptions()) throws -> [SummaryRow] {
        guard options.multiplier > 0, options.multiplier.isFinite else {
            throw ClienteleError.invalidInput(field: "multiplier", reason: "must be a positive number")
        }
        let end = options.observationEnd ?? Instant.now
        let endDay = day(of: end)
        let calibrationDay = options.calibrationEnd.map { day(of: $0) }
        if let calibrationDay, calibrationDay > endDay {
            throw ClienteleError.invalidInput(field: "calibration end", reason: "is after the observation end")
        }
        var scale = 1.0
        for _ in 0..<currencyScale { scale *= 10 }
        let summarizer = PeriodSummarizer(
            period: options.period, multiplier: options.multiplier, scale: scale,
            endIndex: options.period.index(of: endDay), calibrationIndex: calibrationDay.map(options.period.index(of:)),
            endDay: endDay, calibrationDay: calibrationDay, utcOffsetSeconds: utcOffsetSeconds)
        return try read { reader in
            if options.period == .day && calibrationDay == nil {
                return try summaryFromAggregates(reader, summarizer: summarizer, endDay: endDay)
            }
            return try summaryFromPurchases(reader, summarizer: summarizer)
        }
    }

    /// Days with the end at or after every customer's last purchase: the aggregate has everything.
    private func summaryFromAggregates(
        _ reader: StoreReader, summarizer: PeriodSummarizer, endDay: Day
    ) throws -> [SummaryRow] {
        var rows: [SummaryRow] = []
        var fallback: [CustomerID] = []
        try schema.stats.scan(in: reader.txn) { raw, stats in
            guard stats.hasPurchases else { return true }
            guard stats.lastDay <= endDay else {
                fallback.append(CustomerID(rawValue: raw))
                return true
            }
            guard let customer = try schema.customers.get(raw, in: reader.txn) else {
                throw ClienteleError.corrupted(table: "stats", reason: "aggregate of a missing customer")
            }
            let x = Int(stats.occasions) - 1
            let repeatSum = stats.grossRevenue.minorUnits &- stats.firstDayRevenue.minorUnits
            rows.append(SummaryRow(
                customerID: customer.externalID, frequency: x,
                recency: Double(stats.lastDay.rawValue - stats.firstDay.rawValue) / summarizer.multiplier,
                T: Double(endDay.rawValue - stats.firstDay.rawValue) / summarizer.multiplier,
                monetaryValue: x > 0 ? Double(repeatSum) / Double(x) / summarizer.scale : 0))
            return true
        }
        guard !fallback.isEmpty else { return rows }
        // Customers with purchases after the end: read their lines (as-of in the past).
        var byID: [UInt64: SummaryRow] = [:]
        for id in fallback {
            guard let customer = try schema.customers.get(id.rawValue, in: reader.txn) else { continue }
            let lines = try reader.history(of: id)
            if let row = summarizer.summarize(lines, customerID: customer.externalID) { byID[id.rawValue] = row }
        }
        rows.append(contentsOf: byID.sorted { $0.key < $1.key }.map(\.value))
        return rows
    }

    /// One pass over the purchase table, one customer at a time.
    private func summaryFromPurchases(_ reader: StoreReader, summarizer: PeriodSummarizer) throws -> [SummaryRow] {
        var rows: [SummaryRow] = []
        var current: UInt64?
        var lines: [HistoryLine] = []
        func flush() throws {
            guard let current, !lines.isEmpty else { return }
            guard let customer = try schema.customers.get(current, in: reader.txn) else {
                throw ClienteleError.corrupted(table: "purchases", reason: "lines of a missing customer")
            }
            if let row = summarizer.summarize(lines, customerID: customer.externalID) { rows.append(row) }
        }
        try schema.purchases.scan(in: reader.txn) { key, purchase in
            if key.0 != current {
                try flush()
                current = key.0
                lines.removeAll(keepingCapacity: true)
            }
            lines.append(HistoryLine(occurredAt: Instant(microseconds: key.1), sequence: key.2, purchase: purchase))
            return true
        }
        try flush()
        return rows
    }
}

extension StoreReader {
    /// Every line of a customer's history, in key order.
    func history(of id: CustomerID) throws -> [HistoryLine] {
        var lines: [HistoryLine] = []
        try schema.purchases.scan(in: txn, over: .prefix(try PurchaseKey.prefix(id.rawValue))) { key, purchase in
            lines.append(HistoryLine(occurredAt: Instant(microseconds: key.1), sequence: key.2, purchase: purchase))
            return true
        }
        return lines
    }
}
