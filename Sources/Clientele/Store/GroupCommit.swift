#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LMDBKit
import Synchronization

/// Group commit for concurrent writers: callers of `Store.record(_:) async` queue their purchase; one dedicated
/// thread takes everything queued, records it in one write transaction, commits (durably, in `durable` mode), and
/// only then resumes each caller with its own outcome. Under load many callers share one disk sync.
///
/// A purchase that fails (bad input, conflict) is reported to its caller alone: the batch is replayed without it.
///
/// Lingering: callers resumed by one commit queue their next purchase a few microseconds later, so a committer that
/// took the queue the moment it was signalled would alternate between batches of one and batches of everyone else.
/// When fewer callers are queued than the previous batch held, the committer waits (at most `lingerMicroseconds`,
/// far below one disk sync) for the rest, as PostgreSQL's `commit_delay` does. A lone writer never waits: its
/// previous batch held one purchase.
final class GroupCommitter: Sendable {
    /// The longest wait for more callers before a batch commits.
    static let lingerMicroseconds = 200

    private struct Pending: Sendable {
        let purchase: Purchase
        /// Upserted in the same transaction, just before the purchase (`Store.record(_:upserting:)`).
        let customer: CustomerUpdate?
        let continuation: CheckedContinuation<Committed, any Error>
    }

    /// What one caller gets back: the upserted customer's id (when it asked for an upsert) and the outcome.
    struct Committed: Sendable {
        var customer: CustomerID?
        var outcome: RecordOutcome
    }

    private let queue = Locked<[Pending]>([])
    private let signal = Condition()
    private let started = Atomic<Bool>(false)
    /// How many queued callers wake the committer: 1 when it is idle, the previous batch's size while it lingers
    /// (so the callers before the last do not each cost it a wake-up).
    private let wakeAt = Atomic<Int>(1)
    private weak let store: Store?
    private let stopped = Atomic<Bool>(false)
    /// Set when the commit thread has ended: a caller that queues after it drains the queue itself.
    private let finished = Atomic<Bool>(false)

    init(store: Store) {
        self.store = store
    }

    func record(_ purchase: Purchase) async throws -> RecordOutcome {
        try await enqueue(purchase, customer: nil).outcome
    }

    func record(_ purchase: Purchase, upserting customer: CustomerUpdate) async throws -> (customer: CustomerID, outcome: RecordOutcome) {
        let committed = try await enqueue(purchase, customer: customer)
        guard let id = committed.customer else { throw ClienteleError.customerNotFound }
        return (id, committed.outcome)
    }

    private func enqueue(_ purchase: Purchase, customer: CustomerUpdate?) async throws -> Committed {
        startIfNeeded()
        return try await withCheckedThrowingContinuation { continuation in
            let queued = queue.withLock { pending -> Int in
                pending.append(Pending(purchase: purchase, customer: customer, continuation: continuation))
                return pending.count
            }
            if queued >= wakeAt.load(ordering: .acquiring) { signal.signal() }
            if finished.load(ordering: .sequentiallyConsistent) { failQueued() }
        }
    }

    private func startIfNeeded() {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let thread = Thread { [self] in run() }
        thread.name = "clientele-group-commit"
        thread.start()
    }

    /// Ends the commit thread (called when the store goes away).
    func stop() {
        stopped.store(true, ordering: .releasing)
        signal.signal()
    }

    private func run() {
        var previousBatch = 0
        while let batch = nextBatch(afterOneOf: previousBatch) {
            previousBatch = batch.count
            guard let store else {
                for pending in batch { pending.continuation.resume(throwing: ClienteleError.storeMissing(path: "")) }
                return
            }
            commit(batch, in: store)
        }
    }

    /// Waits for the next batch: lingers for the rest of the callers when fewer are queued than `previous` (the
    /// size of the last batch), then takes everything queued. Returns nil once the committer is stopped and the
    /// queue is empty (and fails whoever queues after that).
    private func nextBatch(afterOneOf previous: Int) -> [Pending]? {
        if previous > 1 {
            wakeAt.store(previous, ordering: .releasing)
            signal.wait(
                until: { queue.withLock { $0.count >= previous } || stopped.load(ordering: .acquiring) },
                atMostMicroseconds: Self.lingerMicroseconds)
            wakeAt.store(1, ordering: .releasing)
        }
        while true {
            let batch = queue.withLock { pending -> [Pending] in
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            if !batch.isEmpty { return batch }
            if stopped.load(ordering: .acquiring) {
                finished.store(true, ordering: .sequentiallyConsistent)
                failQueued()
                return nil
            }
            signal.wait(until: { queue.withLock { !$0.isEmpty } || stopped.load(ordering: .acquiring) })
        }
    }

    /// Records a batch in one transaction and resumes each caller with its own outcome: a caller whose purchase
    /// fails with a `ClienteleError` (bad input, conflict) gets that error and the batch is written again without
    /// it (`Store.writeLeavingOutFailures`); any other failure fails the whole batch.
    private func commit(_ batch: [Pending], in store: Store) {
        var failures: [Int: any Error] = [:]
        do {
            let results = try store.writeLeavingOutFailures(count: batch.count, failures: &failures) { w, index in
                let upserted = try batch[index].customer.map { try w.upsertCustomer($0) }
                var outcome = try w.record(batch[index].purchase)
                // The upsert, not the purchase, created a customer new to the store: the outcome says so.
                if upserted?.created == true, case .recorded = outcome { outcome = .recorded(createdCustomer: true) }
                return Committed(customer: upserted?.id, outcome: outcome)
            } leaveOut: { _, error in
                guard let error = error as? ClienteleError else { return false }
                if case .storage = error { return false }
                return true
            }
            for (index, pending) in batch.enumerated() {
                if let error = failures[index] { pending.continuation.resume(throwing: error) } else {
                    pending.continuation.resume(returning: results[index] ?? Committed(customer: nil, outcome: .duplicate))
                }
            }
        } catch {
            for (index, pending) in batch.enumerated() { pending.continuation.resume(throwing: failures[index] ?? error) }
        }
    }

    /// Fails every queued caller with `ClienteleError.storeClosed` (the commit thread has ended).
    private func failQueued() {
        let orphans = queue.withLock { pending -> [Pending] in
            defer { pending.removeAll() }
            return pending
        }
        for pending in orphans { pending.continuation.resume(throwing: ClienteleError.storeClosed) }
    }
}

/// A minimal condition variable over a pthread mutex.
final class Condition: @unchecked Sendable {
    // @unchecked: the pthread objects are used only through their thread-safe calls.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    func signal() {
        pthread_mutex_lock(mutex)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Wakes every waiter.
    func broadcast() {
        pthread_mutex_lock(mutex)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Waits until `ready()` is true (checked under the mutex, so no signal is lost).
    func wait(until ready: () -> Bool) {
        pthread_mutex_lock(mutex)
        while !ready() { pthread_cond_wait(condition, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// Waits until `ready()` is true or `microseconds` have passed, whichever comes first.
    func wait(until ready: () -> Bool, atMostMicroseconds microseconds: Int) {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let nanoseconds = Int(deadline.tv_nsec) + microseconds * 1000
        deadline.tv_sec += nanoseconds / 1_000_000_000
        deadline.tv_nsec = nanoseconds % 1_000_000_000
        pthread_mutex_lock(mutex)
        while !ready() {
            if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT { break }
        }
        pthread_mutex_unlock(mutex)
    }
}
