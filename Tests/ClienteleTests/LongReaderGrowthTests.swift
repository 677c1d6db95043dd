#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import Testing
@testable import Clientele
import LMDBKit

/// Long readers (RELIABILITY.md pitfall 3, test 9): an open read transaction stops LMDB from reusing the pages later
/// writes free, so the file grows with every write. The query API never holds a snapshot between pages
/// (`Store.purchases(of:limit:after:)` reads each page in its own transaction), so paging through a long history
/// while 3,000 small updates commit keeps data.mdb within 2× of its size without any reader. As a contrast, measured
/// in the same test, one read transaction held open across the same updates makes the file grow many times over:
/// the bound is one the test can fail.
@Suite("Long readers and file growth", .serialized)
struct LongReaderGrowthTests {
    enum Reader: String { case none, paginated, pinned }

    struct Outcome {
        var size: Int
        var pages: Int
    }

    static let updates = 3_000

    /// A store with one customer of 2,000 purchases (to page through) and 50 others, then `updates` small write
    /// transactions (one customer's city each), with `reader` running on another thread meanwhile. Returns the size
    /// of data.mdb at the end and how many pages the reader read.
    static func run(_ reader: Reader) throws -> Outcome {
        var options = StoreOptions()
        // A map large enough never to grow (a growth waits for every reader, and the pinned one never ends); the
        // file only takes what is written. No syncs: the growth does not depend on them.
        options.environment.initialMapSize = 1 << 30
        options.environment.durability = .bulk
        let temp = try TemporaryStore(options: options)
        let store = temp.store!
        try store.write { w in
            for index in 0..<2_000 {
                try w.record(Purchase(customer: "history", orderID: "h\(index)",
                                      occurredAt: at(2023, 1, 1).advanced(minutes: index * 90), amount: money(1_000 + Int64(index)),
                                      category: "c\(index % 4)"))
            }
            for index in 0..<50 { try w.upsertCustomer(CustomerUpdate(externalID: "u\(index)", city: "start")) }
        }

        let pages = Atomic<Int>(0), failures = Atomic<Int>(0)
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        if reader == .pinned {
            Thread {
                defer { finished.signal() }
                do {
                    try store.read { reader in
                        _ = try reader.counts()
                        holding.signal()
                        release.wait()
                    }
                } catch {
                    failures.add(1, ordering: .relaxed)
                    holding.signal()
                }
            }.start()
            holding.wait()
        } else {
            finished.signal()
        }
        // The paging reader takes a page after every third update: its pages span all the updates, and between two
        // pages it holds nothing. (It runs between the writes rather than on a thread of its own so that the figure
        // does not depend on scheduling: on a loaded machine a reader thread descheduled in the middle of a page
        // holds that snapshot for as long, which is a long reader too.)
        var cursor: PurchaseCursor?
        for index in 0..<updates {
            try store.write { w in
                try w.upsertCustomer(CustomerUpdate(externalID: "u\(index % 50)", city: "city \(index)"))
            }
            if reader == .paginated && index % 3 == 0 {
                let page = try store.purchases(of: "history", limit: 100, after: cursor)
                cursor = page.next
                pages.add(1, ordering: .relaxed)
            }
        }
        release.signal()
        finished.wait()
        #expect(failures.load(ordering: .relaxed) == 0, "the \(reader) reader failed")
        try store.environment.sync()
        #expect(try store.verify().isClean)
        var info = stat()
        #expect(stat(temp.path + "/data.mdb", &info) == 0)
        return Outcome(size: Int(info.st_size), pages: pages.load(ordering: .relaxed))
    }

    @Test func pagingAcrossThousandsOfWritesDoesNotPinOldPages() throws {
        let baseline = try Self.run(.none)
        let paginated = try Self.run(.paginated)
        let pinned = try Self.run(.pinned)
        func mib(_ bytes: Int) -> String { String(format: "%.2f MiB", Double(bytes) / 1_048_576) }
        print("data.mdb after \(Self.updates) updates: no reader \(mib(baseline.size)); paging reader "
              + "(\(paginated.pages) pages read) \(mib(paginated.size)); one read held open \(mib(pinned.size))")
        #expect(paginated.pages > 0, "the paging reader read nothing")
        #expect(paginated.size <= 2 * baseline.size,
                "paging grew the file to \(mib(paginated.size)), more than 2× \(mib(baseline.size))")
        // The contrast: the same updates with one snapshot held open.
        #expect(pinned.size > 4 * baseline.size,
                "a pinned reader grew the file only to \(mib(pinned.size)) (no reader: \(mib(baseline.size)))")
    }
}
