#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Clientele
import ClienteleImport
import Dispatch

/// Generates `customers.csv` and `purchases.csv` for a seed, deterministically, in parallel chunks.
struct SyntheticShop {
    let customers: Int
    let seed: UInt64
    /// The last day purchases may fall on.
    let endDay: Day
    /// The order of `purchases.csv`'s lines.
    var order: PurchaseOrder = .time
    var model = ShopModel()

    /// Customers per chunk; each chunk has its own random stream, so the output does not depend on threads.
    static let chunkSize = 2_048

    struct Totals {
        var customers = 0
        var purchases = 0
        var refunds = 0
        var bytes = 0
    }

    /// Writes both files into `directory`.
    func write(customersFile: Int32, purchasesFile: Int32) throws -> Totals {
        var totals = Totals()
        var header = ByteBuffer(capacity: 256)
        header.append("customer_id,email,phone,name,city,signup_at,do_not_contact\n")
        try Self.writeAll(customersFile, header.bytes)
        totals.bytes += header.bytes.count
        header = ByteBuffer(capacity: 256)
        header.append("customer_id,order_id,occurred_at,amount,category,quantity,channel,refund_of\n")
        try Self.writeAll(purchasesFile, header.bytes)
        totals.bytes += header.bytes.count

        let chunks = (customers + Self.chunkSize - 1) / Self.chunkSize
        let width = max(7, String(customers).count)
        let parallel = max(1, min(8, ProcessInfoLite.activeProcessorCount))
        let round = parallel * 2
        var next = 0
        // With `.time`, every line is kept (in customer order) and written sorted by time at the end.
        var lines: [Line] = []
        while next < chunks {
            let count = min(round, chunks - next)
            let results = ChunkResults(count: count)
            let first = next
            let collect = order == .time
            DispatchQueue.concurrentPerform(iterations: count) { offset in
                results.set(offset, generate(chunk: first + offset, idWidth: width, collect: collect))
            }
            for chunk in results.take() {
                try Self.writeAll(customersFile, chunk.customers.bytes)
                try Self.writeAll(purchasesFile, chunk.purchases.bytes)
                if collect {
                    let offset = Int32(clamping: lines.count)
                    lines.append(contentsOf: chunk.lines.lazy.map { line in
                        var line = line
                        if line.original >= 0 { line.original += offset }
                        return line
                    })
                }
                totals.customers += chunk.customerCount
                totals.purchases += chunk.purchaseCount
                totals.refunds += chunk.refundCount
                totals.bytes += chunk.customers.bytes.count + chunk.purchases.bytes.count
            }
            next += count
        }
        if order == .time {
            totals.bytes += try Self.writeTimeOrdered(lines, idWidth: width, to: purchasesFile)
        }
        return totals
    }

    struct Chunk: Sendable {
        var customers: ByteBuffer
        var purchases: ByteBuffer
        /// The purchase lines in customer order, when collected (`.time`) instead of written to `purchases`.
        var lines: [Line] = []
        var customerCount = 0
        var purchaseCount = 0
        var refundCount = 0
    }

    /// One chunk of customers and their purchases: the purchases as CSV in customer order, or, with `collect`, as
    /// ``Line``s (in the same order) for ``writeTimeOrdered(_:idWidth:to:)``.
    func generate(chunk: Int, idWidth: Int, collect: Bool = false) -> Chunk {
        var random = RandomSource(seed: seed, stream: UInt64(chunk) &+ 1)
        let categories = ZipfTable(count: Vocabulary.categories.count, exponent: 1.1)
        let start = chunk * Self.chunkSize
        let end = min(customers, start + Self.chunkSize)
        var c = ByteBuffer(capacity: (end - start) * 110)
        var p = ByteBuffer(capacity: collect ? 0 : (end - start) * 800)
        var lines: [Line] = []
        if collect { lines.reserveCapacity((end - start) * 11) }
        /// Where each of this customer's purchases is in `lines`, by its number `k` (for refunds naming it).
        var positions: [Int32] = []
        var customerCount = 0
        var purchaseCount = 0
        var refundCount = 0
        var pendingRefunds: [(seconds: Int64, order: Int, cents: Int64, category: Int, quantity: Int, channel: Int)] = []
        let endSecond = (Int64(endDay.rawValue) + 1) * 86_400 - 1
        let firstSignupDay = Int64(endDay.rawValue) - Int64(model.signupDays)
        for number in (start + 1)..<(end + 1) {
            customerCount += 1
            // The customer.
            let first = Vocabulary.firstNames[random.below(Vocabulary.firstNames.count)]
            let last = Vocabulary.lastNames[random.below(Vocabulary.lastNames.count)]
            let city = Vocabulary.cities[random.below(Vocabulary.cities.count)]
            let signup = (firstSignupDay + Int64(random.below(model.signupDays))) * 86_400
                + Int64(random.below(86_400))
            let doNotContact = random.uniform() < model.doNotContactRate
            c.append(UInt8(ascii: "C"))
            c.append(number, width: idWidth)
            c.append(UInt8(ascii: ","))
            c.append(emailLocal(first))
            c.append(UInt8(ascii: "."))
            c.append(emailLocal(last))
            c.append(UInt8(ascii: "."))
            c.append(number)
            c.append("@example.com,+1-555-")
            c.append(random.below(10_000_000), width: 7)
            c.append(UInt8(ascii: ","))
            c.append(first)
            c.append(UInt8(ascii: " "))
            c.append(last)
            c.append(UInt8(ascii: ","))
            c.append(city)
            c.append(UInt8(ascii: ","))
            c.appendTimestamp(seconds: signup)
            c.append(doNotContact ? ",true\n" : ",false\n")

            // Its purchases.
            guard random.uniform() < model.conversion else { continue }
            let rate = random.gamma(shape: model.rateShape, scale: model.rateScale)  // per day
            let dropout = random.beta(model.dropoutA, model.dropoutB)
            let basket = random.gamma(shape: model.basketShape, scale: model.basketScale)
            let favourite = categories.draw(&random)
            var previous = favourite
            var t = Double(signup) + random.exponential(mean: 3 * 86_400)
            var k = 0
            pendingRefunds.removeAll(keepingCapacity: true)
            positions.removeAll(keepingCapacity: true)
            func flushRefunds(through limit: Int64) {
                pendingRefunds.sort { $0.seconds < $1.seconds }
                while let refund = pendingRefunds.first, refund.seconds <= limit {
                    pendingRefunds.removeFirst()
                    if collect {
                        lines.append(Line(
                            seconds: refund.seconds, cents: refund.cents, customer: Int32(clamping: number),
                            original: positions[refund.order - 1], category: UInt8(clamping: refund.category),
                            quantity: UInt8(clamping: refund.quantity), channel: UInt8(clamping: refund.channel)))
                    } else {
                        appendPurchase(
                            &p, customer: number, width: idWidth, order: refund.order, refund: true,
                            seconds: refund.seconds, cents: refund.cents, category: refund.category,
                            quantity: refund.quantity, channel: Vocabulary.channels[refund.channel])
                    }
                }
            }
            while t <= Double(endSecond) && k < model.maxPurchasesPerCustomer {
                k += 1
                let category: Int
                let u = random.uniform()
                if u < 0.45 {
                    category = favourite
                } else if u < 0.65, let companion = Vocabulary.categories.firstIndex(
                    of: Vocabulary.companions[previous])
                {
                    category = companion
                } else {
                    category = categories.draw(&random)
                }
                previous = category
                // Spend: Gamma(6, scale 1/ν) dollars, at least 1.00, with prices rising by `priceGrowth` a year
                // and a seasonal lift in November and December.
                let yearsIn = (t - Double(firstSignupDay * 86_400)) / (365.25 * 86_400)
                let dayOfYear = (t / 86_400).truncatingRemainder(dividingBy: 365.2425)
                let season = dayOfYear >= 304 ? model.holidayLift : 1
                let dollars = random.gamma(shape: model.spendShape, scale: 1 / max(basket, 0.01))
                    * (1 + model.priceGrowth * yearsIn) * season
                let cents = max(100, Int64((dollars * 100).rounded()))
                let quantity = random.uniform() < 0.8 ? 1 : 2 + random.below(3)
                let channel = random.below(Vocabulary.channels.count)
                let second = Int64(t)
                flushRefunds(through: second)
                if collect {
                    positions.append(Int32(clamping: lines.count))
                    lines.append(Line(
                        seconds: second, cents: cents, customer: Int32(clamping: number), original: -1,
                        category: UInt8(clamping: category), quantity: UInt8(clamping: quantity),
                        channel: UInt8(clamping: channel)))
                } else {
                    appendPurchase(
                        &p, customer: number, width: idWidth, order: k, refund: false, seconds: second, cents: cents,
                        category: category, quantity: quantity, channel: Vocabulary.channels[channel])
                }
                purchaseCount += 1
                if random.uniform() < model.refundRate {
                    let refundSecond = second + Int64(1 + random.below(14)) * 86_400 + Int64(random.below(3_600))
                    if refundSecond <= endSecond {
                        let refunded = random.uniform() < 0.7 ? cents : max(1, cents / 2)
                        pendingRefunds.append((refundSecond, k, -refunded, category, quantity, channel))
                        refundCount += 1
                        purchaseCount += 1
                    }
                }
                if random.uniform() < dropout { break }
                t += random.exponential(mean: 86_400 / max(rate, 1e-6))
            }
            flushRefunds(through: Int64.max)
        }
        return Chunk(
            customers: c, purchases: p, lines: lines, customerCount: customerCount, purchaseCount: purchaseCount,
            refundCount: refundCount)
    }

    private func appendPurchase(
        _ p: inout ByteBuffer, customer: Int, width: Int, order: Int, refund: Bool, seconds: Int64, cents: Int64,
        category: Int, quantity: Int, channel: String
    ) {
        p.append(UInt8(ascii: "C"))
        p.append(customer, width: width)
        p.append(",O")
        p.append(customer, width: width)
        p.append(UInt8(ascii: "-"))
        p.append(order)
        if refund { p.append(UInt8(ascii: "R")) }
        p.append(UInt8(ascii: ","))
        p.appendTimestamp(seconds: seconds)
        p.append(UInt8(ascii: ","))
        p.appendCents(cents)
        p.append(UInt8(ascii: ","))
        p.append(Vocabulary.categories[category])
        p.append(UInt8(ascii: ","))
        p.append(quantity)
        p.append(UInt8(ascii: ","))
        p.append(channel)
        p.append(UInt8(ascii: ","))
        if refund {
            p.append(UInt8(ascii: "O"))
            p.append(customer, width: width)
            p.append(UInt8(ascii: "-"))
            p.append(order)
        }
        p.append(UInt8(ascii: "\n"))
    }

    private func emailLocal(_ name: String) -> String {
        String(name.lowercased().filter { $0.isLetter })
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        let code = bytes.withUnsafeBytes { POSIXCalls.writeAll(fd, $0) }
        guard code == 0 else { throw CLIError(.store, "cannot write the output: \(POSIXCalls.message(code))") }
    }
}
