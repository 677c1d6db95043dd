import Testing
@testable import Clientele
import LMDBKit

/// Seeded random sequences of upserts, in-order and out-of-order purchases, refunds, duplicates, conflicts, tags and
/// erasures, with the store reopened between phases and compared with `StoreModel` after every phase.
@Suite("Model-based randomized store test")
struct ModelBasedStoreTests {
    @Test(arguments: 0..<3)
    func randomOperationsMatchTheModel(run: Int) throws {
        var random = SeededGenerator()
        let seedComment = random.comment
        let temp = try TemporaryStore()
        var model = StoreModel()
        let customers = (0..<40).map { "cust-\($0)" }
        let categories: [String?] = ["books", "music", "games", nil]
        var nextOrder = 0
        for phase in 0..<6 {
            for _ in 0..<400 {
                try step(temp.store, &model, &random, customers: customers, categories: categories, nextOrder: &nextOrder)
            }
            if phase % 2 == 1 { try temp.reopen() }
            try compare(temp.store, model, seedComment)
        }
        let report = try temp.store.verify()
        #expect(report.isClean, "\(report.differences.prefix(5)) \(seedComment)")
    }

    private func step(
        _ store: Store, _ model: inout StoreModel, _ random: inout SeededGenerator, customers: [String],
        categories: [String?], nextOrder: inout Int
    ) throws {
        let customer = customers.randomElement(using: &random)!
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<8:
            let email = Bool.random(using: &random) ? "\(customer)@Example.com" : nil
            try store.write { try $0.upsertCustomer(CustomerUpdate(externalID: customer, email: email)) }
            var entry = model.customers[customer] ?? (nil, [], false)
            if let email { entry.email = email }
            model.customers[customer] = entry
        case 8..<70:
            // A purchase: mostly after the customer's last one, sometimes anywhere in the window.
            let last = model.lines(of: customer).last?.instant.microseconds ?? at(2024, 1, 1).microseconds
            let inOrder = Int.random(in: 0..<4, using: &random) > 0
            let base = inOrder ? last : at(2024, 1, 1).microseconds
            let instant = Instant(microseconds: base + Int64.random(in: 0...(inOrder ? 3 : 60) * 86_400_000_000,
                                                                     using: &random))
            let orderID: String? = Int.random(in: 0..<5, using: &random) == 0 ? nil : "o\(nextOrder)"
            nextOrder += 1
            let category = categories.randomElement(using: &random)!
            let amount = Int64.random(in: 0...50_000, using: &random)
            let purchase = Purchase(customer: customer, orderID: orderID, occurredAt: instant, amount: money(amount),
                                    category: category, quantity: 1)
            #expect(try store.write { try $0.record(purchase) } == .recorded(createdCustomer: model.customers[customer] == nil))
            if model.customers[customer] == nil { model.customers[customer] = (nil, [], false) }
            model.counter += 1
            model.lines.append(.init(customer: customer, orderID: orderID, instant: instant, counter: model.counter,
                                     amount: amount, category: category, quantity: 1))
        case 70..<78:
            // A refund of one of the customer's orders (or none).
            guard let target = model.lines(of: customer).filter({ $0.amount > 0 && $0.orderID != nil })
                .randomElement(using: &random) else { return }
            let instant = Instant(microseconds: target.instant.microseconds + Int64.random(in: 0...5 * 86_400_000_000,
                                                                                            using: &random))
            let amount = -Int64.random(in: 1...target.amount, using: &random)
            let refundOf = Bool.random(using: &random) ? target.orderID : nil
            let purchase = Purchase(customer: customer, orderID: "r\(nextOrder)", occurredAt: instant,
                                    amount: money(amount), category: target.category, refundOf: refundOf)
            nextOrder += 1
            try store.write { _ = try $0.record(purchase) }
            model.counter += 1
            model.lines.append(.init(customer: customer, orderID: purchase.orderID, instant: instant,
                                     counter: model.counter, amount: amount, category: target.category, quantity: 1,
                                     refundOf: refundOf))
        case 78..<86:
            // Re-recording a stored order: a duplicate when identical, a conflict when not.
            guard let line = model.lines.filter({ $0.orderID != nil }).randomElement(using: &random) else { return }
            var purchase = Purchase(customer: line.customer, orderID: line.orderID, occurredAt: line.instant,
                                    amount: money(line.amount), category: line.category, quantity: line.quantity,
                                    refundOf: line.refundOf)
            if Bool.random(using: &random) {
                #expect(try store.write { try $0.record(purchase) } == .duplicate)
            } else {
                purchase.amount = money(line.amount + 1)
                #expect(throws: ClienteleError.orderConflict) { try store.write { try $0.record(purchase) } }
            }
        case 86..<93:
            guard model.customers[customer] != nil else { return }
            let tag = ["advocate", "toxic", "vip"].randomElement(using: &random)!
            if Bool.random(using: &random) {
                try store.write { try $0.tag(customer, tag) }
                model.customers[customer]!.tags.insert(tag)
            } else {
                try store.write { try $0.untag(customer, tag) }
                model.customers[customer]!.tags.remove(tag)
            }
        default:
            let existed = try store.write { try $0.erase(externalID: customer) }
            #expect(existed == (model.customers[customer] != nil))
            model.customers[customer] = nil
            model.lines.removeAll { $0.customer == customer }
        }
    }

    private func compare(_ store: Store, _ model: StoreModel, _ seed: Comment) throws {
        try store.read { reader in
            let schema = store.schema
            #expect(try reader.counts().customers == model.customers.count, seed)
            #expect(try reader.counts().purchases == model.lines.count, seed)
            for (externalID, expected) in model.customers {
                let profile = try #require(try reader.profile(externalID: externalID), seed)
                #expect(profile.customer.tags == expected.tags, seed)
                if let email = expected.email {
                    #expect(try reader.profiles(email: email).map(\.id) == [profile.id], seed)
                }
                let aggregate = model.aggregate(of: externalID)
                #expect(try aggregate == profile.stats.map { try found($0, reader) }, "\(externalID) \(seed)")
            }
            var daily: [Day: [Int64]] = [:]
            try schema.daily.scan(in: reader.txn) { day, totals in
                daily[Day(rawValue: day)] = [totals.revenue, totals.refunds, totals.refundCount, totals.orders,
                                             totals.newCustomers, totals.returningCustomers]
                return true
            }
            #expect(daily == model.daily(), seed)
            var cohorts: [[Int32]: [Int64]] = [:]
            try schema.cohorts.scan(in: reader.txn) { key, cell in
                cohorts[[key.0, key.1]] = [cell.activeCustomers, cell.revenue]
                return true
            }
            #expect(cohorts == model.cohorts(), seed)
            var transitions: [[String]: Int64] = [:]
            try schema.transitions.scan(in: reader.txn) { key, count in
                transitions[[try reader.categoryName(key.0) ?? "", try reader.categoryName(key.1) ?? ""]] = Int64(count)
                return true
            }
            var entry: [String: [Int64]] = [:]
            try schema.entry.scan(in: reader.txn) { key, cell in
                entry[try reader.categoryName(key) ?? ""] = [cell.customers, cell.converted]
                return true
            }
            let expected = model.transitionsAndEntry()
            #expect(transitions == expected.transitions, seed)
            #expect(entry == expected.entry, seed)
            var categoryMonths: [[String]: [Int64]] = [:]
            try schema.categoryMonths.scan(in: reader.txn) { key, cell in
                categoryMonths[[try reader.categoryName(key.0) ?? "", "\(key.1)"]] = [cell.revenue, cell.orders]
                return true
            }
            #expect(categoryMonths == model.categoryMonths(), seed)
        }
    }

    private func found(_ stats: CustomerStats, _ reader: StoreReader) throws -> StoreModel.Aggregate {
        var result = StoreModel.Aggregate()
        result.refundCount = Int(stats.refundCount)
        result.refundTotal = stats.refundTotal.minorUnits
        guard stats.hasPurchases else { return result }
        result.orders = Int(stats.orders)
        result.occasions = Int(stats.occasions)
        result.first = stats.firstPurchase
        result.last = stats.lastPurchase
        result.firstDay = stats.firstDay
        result.lastDay = stats.lastDay
        result.previousDay = stats.previousOccasionDay
        result.gross = stats.grossRevenue.minorUnits
        result.firstDayRevenue = stats.firstDayRevenue.minorUnits
        result.largest = stats.largestOrder.minorUnits
        result.firstCategory = try reader.categoryName(stats.firstCategory)
        result.lastCategory = try reader.categoryName(stats.lastCategory)
        result.gapSquares = stats.gapSquareSum
        return result
    }
}
