import ArgumentParser
import Clientele
import Foundation

/// `clientele stats`: counts, revenue and size.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Customers, purchases, revenue and store size."
    )

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            let figures = try StoreFigures.read(store, path: storeSelection.path)
            var record = KeyValueOutput()
            record.add("customers", .int(figures.customers))
            record.add("purchases", .int(figures.purchaseLines))
            record.add("orders", .int(figures.orders))
            record.add("refunds", .int(figures.refunds))
            record.add("gross_revenue", .money(Money(minorUnits: figures.grossRevenue), scale: store.currencyScale))
            record.add("refunded", .money(Money(minorUnits: figures.refunded), scale: store.currencyScale))
            record.add("net_revenue", .money(Money(minorUnits: figures.netRevenue), scale: store.currencyScale))
            record.add("first_month", .optionalText(figures.firstMonth?.description))
            record.add("last_month", .optionalText(figures.lastMonth?.description))
            record.add("currency_scale", .int(store.currencyScale))
            record.add("utc_offset_seconds", .int(store.utcOffsetSeconds))
            record.add("time_zone", .optionalText(store.timeZone))
            let sizeCell = Cell(
                display: Format.bytes(figures.fileBytes), machine: String(figures.fileBytes), numeric: true)
            record.add("store_size_bytes", sizeCell)
            let usedCell = Cell(
                display: Format.bytes(figures.usedBytes), machine: String(figures.usedBytes), numeric: true)
            record.add("store_used_bytes", usedCell)
            record.print(outputOptions.format, raw: outputOptions.raw)
        }
    }
}

/// Store-wide figures from the rollups (never a scan of the purchases).
struct StoreFigures {
    var customers = 0
    var purchaseLines = 0
    var orders = 0
    var refunds = 0
    var grossRevenue: Int64 = 0
    var netRevenue: Int64 = 0
    var refunded: Int64 { grossRevenue &- netRevenue }
    var firstMonth: Month?
    var lastMonth: Month?
    var fileBytes = 0
    var usedBytes = 0

    static func read(_ store: Store, path: String) throws -> StoreFigures {
        var figures = StoreFigures()
        let counts = try store.read { try $0.counts() }
        figures.customers = counts.customers
        figures.purchaseLines = counts.purchases
        let checks = try store.averageCheckByMonth()
        for month in checks.months {
            figures.orders += month.orders
            figures.grossRevenue = figures.grossRevenue &+ month.revenue.minorUnits
        }
        figures.refunds = max(0, figures.purchaseLines - figures.orders)
        for cell in try store.categoryMonths() {
            figures.netRevenue = figures.netRevenue &+ cell.revenue.minorUnits
            if figures.firstMonth.map({ cell.month < $0 }) ?? true { figures.firstMonth = cell.month }
            if figures.lastMonth.map({ cell.month > $0 }) ?? true { figures.lastMonth = cell.month }
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/data.mdb")
        figures.fileBytes = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        let info = store.storageInfo
        figures.usedBytes = (info.lastPage + 1) * info.pageSize
        return figures
    }
}
