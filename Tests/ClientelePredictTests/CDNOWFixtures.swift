import Foundation

@testable import ClientelePredict

/// Parses the shared CDNOW fixtures (Tests/ClienteleTestSupport/Fixtures/SOURCE.md).
enum CDNOWFixtures {
    enum LoadError: Error { case missing(String), malformed(String) }

    static func text(_ name: String) throws -> String { try Fixtures.text(name) }

    /// `cdnow_customers_summary.csv`: (ID, x, t_x, T) in weeks, 2,357 rows in ID order.
    static func summary() throws -> [(id: Int, triple: RFMTriple)] {
        var rows: [(id: Int, triple: RFMTriple)] = []
        for line in try text("cdnow_customers_summary.csv").split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",")
            guard f.count == 4, let id = Int(f[0]), let x = Int(f[1]), let tx = Double(f[2]), let t = Double(f[3])
            else {
                throw LoadError.malformed(String(line))
            }
            rows.append((id, RFMTriple(x: x, tx: tx, T: t)))
        }
        return rows
    }

    struct Purchase {
        var customer: Int
        var day: Int  // days since 1997-01-01
        var dollars: Double
    }

    /// Days since 1997-01-01 of a YYYYMMDD date (1997–1998 only; the fixture's range).
    static func dayNumber(_ yyyymmdd: Int) -> Int? {
        let year = yyyymmdd / 10000
        let month = (yyyymmdd / 100) % 100
        let day = yyyymmdd % 100
        let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        guard (1997...1998).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        return (year - 1997) * 365 + cumulative[month - 1] + day - 1
    }

    /// `CDNOW_sample.txt`: every purchase (sample customer id, day, dollars).
    static func purchases() throws -> [Purchase] {
        var result: [Purchase] = []
        for line in try text("CDNOW_sample.txt").split(whereSeparator: \.isNewline) {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard f.count == 5, let id = Int(f[1]), let date = Int(f[2]), let day = dayNumber(date),
                let dollars = Double(f[4])
            else { throw LoadError.malformed(String(line)) }
            result.append(Purchase(customer: id, day: day, dollars: dollars))
        }
        return result
    }

    static let calibrationEnd = 272  // 1997-09-30
    static let observationEnd = 545  // 1998-06-30

    /// Per customer (sorted by id): one occasion per day with dollars summed, split at 1997-09-30 like lifetimes'
    /// `calibration_and_holdout_data(freq="D")`.
    struct CustomerHistory {
        var id: Int
        /// Per-day spend in the calibration period, in day order.
        var calibrationDays: [(day: Int, dollars: Double)]
        /// Distinct purchase days in (1997-09-30, 1998-06-30].
        var holdoutDays: Int

        var x: Int { calibrationDays.count - 1 }
        /// Mean spend of the repeat days (first day excluded); 0 when x = 0.
        var meanRepeatValue: Double {
            guard calibrationDays.count > 1 else { return 0 }
            return calibrationDays.dropFirst().reduce(0) { $0 + $1.dollars } / Double(calibrationDays.count - 1)
        }
        /// Recency and age in days.
        var recencyDays: Int { (calibrationDays.last?.day ?? 0) - (calibrationDays.first?.day ?? 0) }
        var ageDays: Int { calibrationEnd - (calibrationDays.first?.day ?? 0) }
    }

    static func histories() throws -> [CustomerHistory] {
        var byCustomer: [Int: [Int: Double]] = [:]
        for p in try purchases() where p.day <= observationEnd {
            byCustomer[p.customer, default: [:]][p.day, default: 0] += p.dollars
        }
        return byCustomer.keys.sorted().compactMap { id in
            guard let days = byCustomer[id] else { return nil }
            let calibration = days.filter { $0.key <= calibrationEnd }.sorted { $0.key < $1.key }.map {
                ($0.key, $0.value)
            }
            guard !calibration.isEmpty else { return nil }
            return CustomerHistory(
                id: id, calibrationDays: calibration, holdoutDays: days.keys.filter { $0 > calibrationEnd }.count)
        }
    }
}
