import Dispatch
import Foundation
import LMDBKit

/// One unit of the parallel verify: a range of customer numbers, or a secondary table to digest.
enum ScanTask: Sendable {
    case customers(from: UInt64, to: UInt64?)
    case stored(DigestedTable)
}

/// What one task found.
enum ScanOutcome: Sendable {
    case pass(ScanPassResult)
    case stored(DigestedTable, EntryDigest)
    case mismatch(String)
}

/// The result of the scan verify: a report, or a difference for the entry-by-entry checks to name.
enum ScanVerdict {
    case report(VerifyReport)
    case mismatch(tables: [String])
}

extension Store {
    /// `verify` by sequential scans: every table once, in key order, split across the cores. The customer-keyed
    /// tables (customers, purchases, stats) are walked together in ranges of customer numbers, recomputing each
    /// aggregate; the secondary tables are compared by `EntryDigest` with the entries the records imply.
    ///
    /// The workers read separate transactions; they count only when every one, and the transaction of the final
    /// checks, saw the same snapshot (the same LMDB transaction id). A writer committing in between makes it retry,
    /// then fall back to one transaction on one thread.
    /// `chunkSize`: customers held at once per worker (smaller in tests, to cross many chunk boundaries);
    /// `workers`: threads (default: two when the machine has two cores; one runs every task in one transaction).
    func verifyByScans(
        chunkSize: Int = 4096, workers: Int = min(2, max(1, ProcessInfo.processInfo.activeProcessorCount))
    ) throws -> ScanVerdict {
        // The highest customer number, from the last key alone (its record may be damaged: that is reported later).
        let split = try read { reader in
            var highest: UInt64 = 0
            try schema.customers.scanRaw(in: reader.txn, reverse: true) { key, _ in
                highest = (try? UInt64Key.decode(key)) ?? 0
                return false
            }
            return highest / 2 + 1
        }
        let tasks: [ScanTask] = [.customers(from: 0, to: split), .customers(from: split, to: nil)]
            + DigestedTable.allCases.map { .stored($0) }
        if workers > 1 {
            for _ in 0..<3 {
                let runs = try runInParallel(tasks, workers: workers, chunkSize: chunkSize)
                let snapshot = runs[0].snapshot
                guard runs.allSatisfy({ $0.snapshot == snapshot }) else { continue }
                let verdict = try environment.read { txn -> ScanVerdict? in
                    guard txn.id == snapshot else { return nil }
                    return try finishScanVerify(runs.flatMap(\.outcomes), in: txn)
                }
                if let verdict { return verdict }
            }
        }
        return try environment.read { txn in
            try finishScanVerify(try runScanTasks(tasks, next: { index in index < tasks.count ? index : nil },
                                                  chunkSize: chunkSize, in: txn),
                                 in: txn)
        }
    }

    /// Runs `tasks` on `workers` threads, each in its own read transaction, taking the next task as it finishes one.
    private func runInParallel(
        _ tasks: [ScanTask], workers: Int, chunkSize: Int
    ) throws -> [(snapshot: Int, outcomes: [ScanOutcome])] {
        let next = Locked(0)
        let runs = Locked<[Result<(snapshot: Int, outcomes: [ScanOutcome]), any Error>]>([])
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let run = Result<(snapshot: Int, outcomes: [ScanOutcome]), any Error> {
                try storage {
                    try environment.read { txn in
                        let outcomes = try runScanTasks(tasks, next: { _ in
                            next.withLock { taken in
                                defer { taken += 1 }
                                return taken < tasks.count ? taken : nil
                            }
                        }, chunkSize: chunkSize, in: txn)
                        return (txn.id, outcomes)
                    }
                }
            }
            runs.withLock { $0.append(run) }
        }
        return try runs.withLock { $0 }.map { try $0.get() }
    }

    /// Runs the tasks `next` hands out (given how many this worker has run) in `txn`.
    private func runScanTasks(
        _ tasks: [ScanTask], next: (Int) -> Int?, chunkSize: Int, in txn: ReadTxn
    ) throws -> [ScanOutcome] {
        let categories = try categoryIDs(in: txn)
        let feed = try feedExpectation(in: txn)
        var outcomes: [ScanOutcome] = []
        while let index = next(outcomes.count) {
            do {
                switch tasks[index] {
                case let .customers(lower, upper):
                    var pass = ScanPass(store: self, txn: txn, categories: categories, feed: feed, chunkSize: chunkSize)
                    try pass.run(from: lower, to: upper)
                    outcomes.append(.pass(pass.result))
                case let .stored(table):
                    outcomes.append(.stored(table, try storedDigest(table, in: txn)))
                }
            } catch let mismatch as ScanMismatch {
                outcomes.append(.mismatch(mismatch.table))
            }
        }
        return outcomes
    }

    /// Compares the digests and counters, then runs the checks of the small tables in `txn`.
    private func finishScanVerify(_ outcomes: [ScanOutcome], in txn: ReadTxn) throws -> ScanVerdict {
        var derived = ScanPassResult()
        var stored = TableDigests()
        var mismatched: [String] = []
        for outcome in outcomes {
            switch outcome {
            case let .pass(result):
                do { try derived.merge(result) } catch { mismatched.append("rollups") }
            case let .stored(table, digest): stored[table] = digest
            case let .mismatch(table): mismatched.append(table)
            }
        }
        let feed = try feedExpectation(in: txn)
        mismatched += derived.expected.differences(from: stored)
            .filter { $0 != .feedDue || feed != nil }
            .map(\.name)
        if try schema.meta.counter(.customerSequence, in: txn) < derived.highestCustomer { mismatched.append("meta") }
        if try schema.meta.counter(.purchaseSequence, in: txn) < derived.highestSequence { mismatched.append("meta") }
        guard mismatched.isEmpty else { return .mismatch(tables: mismatched) }
        var verifier = Verifier(store: self, txn: txn)
        verifier.total = derived.contribution
        verifier.report.customers = derived.customers
        verifier.report.purchases = derived.purchases
        verifier.report.records = derived.records
        try verifier.checkRollups()
        try verifier.checkCategories()
        if feed != nil {
            try verifier.checkFeedEvents { id in
                derived.feedStates[id].map { (exists: true, state: $0) } ?? (exists: false, state: nil)
            }
        }
        return .report(verifier.report)
    }

    private func categoryIDs(in txn: ReadTxn) throws -> Set<UInt32> {
        var ids = Set<UInt32>()
        try schema.categoryNames.scanRaw(in: txn) { key, _ in
            if let id = try? UInt32Key.decode(key) { ids.insert(id) }
            return true
        }
        return ids
    }

    /// The feed's rules, due schedule (clock) and boundaries when `verify` checks the feed (enabled, baseline written).
    func feedExpectation(in txn: ReadTxn) throws -> FeedExpectation? {
        let options = options.changeFeed
        guard options.enabled, try schema.meta.contains(.feedVersion, in: txn) else { return nil }
        return FeedExpectation(rules: LifecycleRules(status: options.status, segments: options.segments),
                               schedule: try schema.meta.dueSchedule(in: txn),
                               boundaries: try schema.meta.feedBoundaries(in: txn))
    }

    /// The digest of every entry `table` holds.
    private func storedDigest(_ table: DigestedTable, in txn: ReadTxn) throws -> EntryDigest {
        func scan<K, V>(_ table: Table<K, V>) throws -> EntryDigest {
            var digest = EntryDigest()
            var sampler = LookupSampler(table, in: txn)
            try table.scanRaw(in: txn) { key, value in
                try sampler.visit(key)
                digest.add(key: key, value: value)
                return true
            }
            try sampler.finish()
            return digest
        }
        switch table {
        case .customerByExternalID: return try scan(schema.customerByExternalID)
        case .customerByEmail: return try scan(schema.customerByEmail)
        case .tags: return try scan(schema.tags)
        case .doNotContact: return try scan(schema.doNotContact)
        case .purchaseByOrder: return try scan(schema.purchaseByOrder)
        case .byRecency: return try scan(schema.byRecency)
        case .byFrequency: return try scan(schema.byFrequency)
        case .byMonetary: return try scan(schema.byMonetary)
        case .feedDue: return try scan(schema.feedDue)
        }
    }
}
