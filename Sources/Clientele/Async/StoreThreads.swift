import Foundation
import LMDBKit
import Synchronization

/// A small pool of dedicated threads that run the store's async reads and writes, so blocking LMDB calls (a write's
/// disk sync, a long scan) never occupy a thread of Swift's cooperative pool. Threads start on the first job and
/// end when the pool is stopped (when the store goes away).
final class StoreThreads: Sendable {
    private let name: String
    private let count: Int
    private let jobs = Locked<(queue: [@Sendable () -> Void], head: Int, stopped: Bool)>(([], 0, false))
    private let signal = Condition()
    private let started = Atomic<Bool>(false)

    init(name: String, count: Int) {
        self.name = name
        self.count = max(1, count)
    }

    private static let poolKey = "clientele.store-threads"

    /// The name of the pool whose thread calls this (`clientele-r`, `clientele-w`), `nil` on any other thread.
    static var currentPool: String? { Thread.current.threadDictionary[poolKey] as? String }

    /// Queues `job` to run on one of the pool's threads, in submission order; `false` (and `job` dropped) when the
    /// pool was stopped.
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        if !started.exchange(true, ordering: .acquiringAndReleasing) {
            for index in 0..<count {
                // Linux keeps 15 bytes of a thread name ("clientele-r3"); set from the thread itself, so the OS
                // (debuggers, `top -H`) sees it too.
                let threadName = count == 1 ? name : "\(name)\(index)"
                let thread = Thread { [self] in
                    Thread.current.name = threadName
                    Thread.current.threadDictionary[Self.poolKey] = name
                    run()
                }
                thread.start()
            }
        }
        let accepted = jobs.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.queue.append(job)
            return true
        }
        if accepted { signal.signal() }
        return accepted
    }

    /// Lets the threads finish the queued jobs and end.
    func stop() {
        jobs.withLock { $0.stopped = true }
        signal.broadcast()
    }

    private func run() {
        while true {
            var job: (@Sendable () -> Void)?
            var stop = false
            signal.wait(until: {
                jobs.withLock { state in
                    if state.head < state.queue.count {
                        job = state.queue[state.head]
                        state.head += 1
                        if state.head == state.queue.count {
                            state.queue.removeAll(keepingCapacity: true)
                            state.head = 0
                        }
                        return true
                    }
                    stop = state.stopped
                    return stop
                }
            })
            if let job { job() } else if stop { return }
        }
    }
}

/// One async call handed to `StoreThreads`: it either starts (and then always resumes its caller with the result)
/// or is cancelled while still queued (and then resumes its caller with `CancellationError` and never runs).
final class StoreJob<R: Sendable>: Sendable {
    private enum Phase { case queued, started, cancelled }
    private struct State: Sendable {
        var phase = Phase.queued
        var continuation: CheckedContinuation<R, any Error>?
    }
    private let state = Locked(State())

    /// Runs `work` on `threads` and returns its result; cancellation as described above.
    static func run(on threads: StoreThreads, _ work: @escaping @Sendable () throws -> R) async throws -> R {
        let job = StoreJob<R>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let cancelled = job.state.withLock { state -> Bool in
                    if state.phase == .cancelled { return true }
                    state.continuation = continuation
                    return false
                }
                if cancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                let accepted = threads.submit {
                    guard job.begin() else { return }
                    let result = Result { try work() }
                    job.state.withLock { $0.continuation.take() }?.resume(with: result)
                }
                if !accepted {
                    // The store was closed: the threads are gone.
                    job.state.withLock { $0.continuation.take() }?.resume(throwing: ClienteleError.storeClosed)
                }
            }
        } onCancel: {
            let waiting = job.state.withLock { state -> CheckedContinuation<R, any Error>? in
                guard state.phase == .queued else { return nil }
                state.phase = .cancelled
                return state.continuation.take()
            }
            waiting?.resume(throwing: CancellationError())
        }
    }

    private func begin() -> Bool {
        state.withLock { state in
            guard state.phase == .queued else { return false }
            state.phase = .started
            return true
        }
    }
}
