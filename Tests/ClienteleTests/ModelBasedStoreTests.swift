import Foundation
import Testing
@testable import Clientele
import LMDBKit

/// Seeded random sequences of upserts, in-order and out-of-order purchases, refunds, duplicates, conflicts, tags and
/// erasures, with the store reopened between phases and compared with `StoreModel` after every phase. Some customers,
/// categories and tags are non-ASCII and each operation spells them at random in NFC, NFD or with canonical
/// singletons (one identity: the model keys them by NFC), next to look-alikes that are not canonically equivalent
/// (distinct identities).
@Suite("Model-based randomized store test")
struct ModelBasedStoreTests {
    @Test(arguments: 0..<3)
    func randomOperationsMatchTheModel(run: Int) throws {
        var random = TestGenerator()
        let seedComment = random.comment
        let temp = try TemporaryStore()
        var model = StoreModel()
        let customers = (0..<34).map { "cust-\($0)" } + Self.unicodeCustomers
        let categories: [String?] = ["books", "music", "games", nil, "caf\u{E9}", "cafe", "\u{C5}rhus"]
        var nextOrder = 0
        for phase in 0..<6 {
            for _ in 0..<400 {
                try step(temp.store, &model, &random, customers: customers, categories: categories, nextOrder: &nextOrder)
            }
            if phase % 2 == 1 { try temp.reopen() }
            try compare(temp.store, model, seedComment)
            try expectNFCBytes(temp.store, seedComment)
        }
        let report = try temp.store.verify()
        #expect(report.isClean, "\(report.differences.prefix(5)) \(seedComment)")
    }

    private func step(
        _ store: Store, _ model: inout StoreModel, _ random: inout TestGenerator, customers: [String],
        categories: [String?], nextOrder: inout Int
    ) throws {
        let customer = customers.randomElement(using: &random)!
        // The spelling this operation uses; the model keeps the NFC form.
        let spelled = Self.spelling(of: customer, &random)
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<8:
            let email = Bool.random(using: &random) ? "\(customer)@Example.com" : nil
            try store.write { try $0.upsertCustomer(CustomerUpdate(externalID: spelled, email: email)) }
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
            let purchase = Purchase(customer: spelled, orderID: orderID, occurredAt: instant, amount: money(amount),
                                    category: category.map { Self.spelling(of: $0, &random) }, quantity: 1)
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
            // A refund naming its order may not exceed what remains of it (the refunds naming it subtracted).
            let remaining = target.amount + model.lines.filter { $0.refundOf == target.orderID }.reduce(0) {
                $0 + $1.amount
            }
            let named = Bool.random(using: &random) && remaining > 0
            let amount = -Int64.random(in: 1...(named ? remaining : target.amount), using: &random)
            let refundOf = named ? target.orderID : nil
            let purchase = Purchase(customer: spelled, orderID: "r\(nextOrder)", occurredAt: instant,
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
            let tag = ["advocate", "toxic", "vip", "ni\u{F1}o"].randomElement(using: &random)!
            if Bool.random(using: &random) {
                try store.write { try $0.tag(spelled, Self.spelling(of: tag, &random)) }
                model.customers[customer]!.tags.insert(tag)
            } else {
                try store.write { try $0.untag(spelled, Self.spelling(of: tag, &random)) }
                model.customers[customer]!.tags.remove(tag)
            }
        default:
            let existed = try store.write { try $0.erase(externalID: spelled) }
            #expect(existed == (model.customers[customer] != nil))
            model.customers[customer] = nil
            model.lines.removeAll { $0.customer == customer }
        }
    }

    /// Non-ASCII customers (NFC): look-alike pairs that are different identities ("paypal" in Latin and with a
    /// Cyrillic а; "Ωmega" and "Omega"), and ids whose NFD or singleton spelling differs in bytes.
    static let unicodeCustomers = [
        "Jos\u{E9}", "Jose", "paypal", "p\u{430}ypal", "\u{C5}ngstr\u{F6}m", "\u{3A9}mega", "Omega",
    ]

    /// `text` spelled at random: as given (NFC), in NFD, or with the canonical singletons U+212B and U+2126.
    static func spelling(of text: String, _ random: inout TestGenerator) -> String {
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return text
        case 1: return text.decomposedStringWithCanonicalMapping
        default:
            return String(String.UnicodeScalarView(text.unicodeScalars.map { scalar -> Unicode.Scalar in
                scalar == "\u{C5}" ? "\u{212B}" : scalar == "\u{3A9}" ? "\u{2126}" : scalar
            }))
        }
    }

    /// Every stored customer id, category name and tag holds NFC bytes, whatever spelling wrote it.
    private func expectNFCBytes(_ store: Store, _ seed: Comment) throws {
        func isNFC(_ text: String) -> Bool { Array(text.utf8) == Array(Identifiers.canonical(text).utf8) }
        try store.read { reader in
            try store.schema.customerByExternalID.scan(in: reader.txn) { key, _ in
                #expect(isNFC(key), seed)
                return true
            }
            try store.schema.categoryNames.scan(in: reader.txn) { _, name in
                #expect(isNFC(name), seed)
                return true
            }
            try store.schema.tags.scanKeys(in: reader.txn) { key in
                #expect(isNFC(key.0), seed)
                return true
            }
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
