import LMDBKit

extension StoreReader {
    /// The lifetimes-compatible BTYD summary of every customer with a purchase by the (calibration) end, in
    /// customer-number order.
    ///
    /// Selection follows lifetimes exactly: without a split, purchases are floored to their period and kept up to the
    /// observation end's period; with `calibrationEnd`, calibration and holdout rows are split on the instants
    /// (see `PeriodSummarizer` and docs/queries.md).
    ///
    /// Cost: with days and no split (or a split at the observation end itself, which leaves the holdout empty), a
    /// customer whose purchases all fall on or before the end is read from its aggregate alone, the others from
    /// their purchases; weeks, months and other splits read every purchase once.
    ///
    /// ```swift
    /// // CDNOW's published summary: weeks as days / 7, observation end 1997-09-30 (any instant of that day)
    /// let rows = try store.summary(SummaryOptions(period: .day, multiplier: 7, observationEnd: end))
    /// ```
    /// - Throws: `ClienteleError.invalidInput` for a multiplier ≤ 0 or a calibration end after the observation end;
    ///   `.corrupted`; `.storage`.
    public func summary(_ options: SummaryOptions = SummaryOptions()) throws -> [SummaryRow] {
        let (summarizer, endDay) = try summarySetup(options)
        do {
            if options.period == .day && (options.calibrationEnd == nil || options.calibrationEnd == summarizer.observationEnd) {
                return try summaryFromAggregates(self, summarizer: summarizer, endDay: endDay)
            }
            return try summaryFromPurchases(self, summarizer: summarizer)
        }
    }

    /// The summarizer of `options` (the observation end defaults to now) and the observation end's day, once the
    /// options are checked.
    /// - Throws: `ClienteleError.invalidInput` for a multiplier that is not a positive number or a calibration end
    ///   after the observation end.
    func summarySetup(_ options: SummaryOptions) throws -> (summarizer: PeriodSummarizer, endDay: Day) {
        guard options.multiplier > 0, options.multiplier.isFinite else {
            throw ClienteleError.invalidInput(field: "multiplier", reason: "must be a positive number")
        }
        let end = options.observationEnd ?? .now
        if let calibrationEnd = options.calibrationEnd, calibrationEnd > end {
            throw ClienteleError.invalidInput(field: "calibration end", reason: "is after the observation end")
        }
        let summarizer = PeriodSummarizer(
            period: options.period, multiplier: options.multiplier, currencyScale: currencyScale,
            observationEnd: end, calibrationEnd: options.calibrationEnd, calendar: dayCalendar)
        return (summarizer, day(of: end))
    }

    /// Days with the end at or after every customer's last purchase: the aggregate has everything. With a split at
    /// the observation end (an empty holdout), a customer qualifies only when its last purchase is at or before
    /// the end instant, and its row gets the empty holdout columns.
    private func summaryFromAggregates(
        _ reader: StoreReader, summarizer: PeriodSummarizer, endDay: Day
    ) throws -> [SummaryRow] {
        var rows: [SummaryRow] = []
        rows.reserveCapacity(try schema.byRecency.count(in: self.txn))
        try self.withExternalIDs { externalIDOf in try schema.stats.scan(in: self.txn) { raw, stats in
            guard stats.hasPurchases else { return true }
            guard let externalID = try externalIDOf(raw) else {
                throw ClienteleError.corrupted(table: "stats", reason: "aggregate of a missing customer")
            }
            guard stats.lastDay <= endDay, summarizer.calibrationEnd.map({ stats.lastPurchase <= $0 }) ?? true else {
                // Purchases after the end (an end in the past): read this customer's lines, keeping the
                // customer-number order of the rows.
                let lines = try self.history(of: CustomerID(rawValue: raw))
                if let row = summarizer.summarize(lines, externalID: externalID) { rows.append(row) }
                return true
            }
            let x = Int(stats.occasions) - 1
            let repeatSum = stats.grossRevenue.minorUnits &- stats.firstDayRevenue.minorUnits
            var row = SummaryRow(
                externalID: externalID, frequency: x,
                recency: Double(stats.lastDay.rawValue - stats.firstDay.rawValue) / summarizer.multiplier,
                T: Double(endDay.rawValue - stats.firstDay.rawValue) / summarizer.multiplier,
                monetaryValue: x > 0 ? Double(repeatSum) / Double(x) / summarizer.scale : 0)
            if summarizer.calibrationEnd != nil {
                row.frequencyHoldout = 0
                row.monetaryValueHoldout = 0
                row.durationHoldout = 0
            }
            rows.append(row)
            return true
        } }
        return rows
    }

    /// One pass over the purchase table, one customer at a time.
    private func summaryFromPurchases(_ reader: StoreReader, summarizer: PeriodSummarizer) throws -> [SummaryRow] {
        var rows: [SummaryRow] = []
        try self.withExternalIDs { externalIDOf in
            try CustomerHistory.forEachCustomer(schema: schema, txn: self.txn) { customer, lines in
                guard let externalID = try externalIDOf(customer) else {
                    throw ClienteleError.corrupted(table: "purchases", reason: "lines of a missing customer")
                }
                if let row = summarizer.summarize(lines, externalID: externalID) { rows.append(row) }
            }
        }
        return rows
    }
}

extension StoreReader {
    /// Every line of a customer's history, in key order.
    func history(of id: CustomerID) throws -> [HistoryLine] {
        try CustomerHistory.lines(of: id, schema: schema, txn: txn)
    }
}
