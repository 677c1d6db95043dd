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

    /// Queues `job` to run on one of the pool's threads, in submission order.
    func submit(_ job: @escaping @Sendable () -> Void) {
        if !started.exchange(true, ordering: .acquiringAndReleasing) {
            for index in 0..<count {
                // Linux keeps 15 bytes of a thread name ("clientele-r3"); set from the thread itself, so the OS
                // (debuggers, `top -H`) sees it too.
                let threadName = count == 1 ? name : "\(name)\(index)"
                let thread = Thread { [self] in
                    Thread.current.name = threadName
                    run()
                }
                thread.start()
            }
        }
        jobs.withLock { $0.queue.append(job) }
        signal.signal()
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
                threads.submit {
                    guard job.begin() else { return }
                    let result = Result { try work() }
                    job.state.withLock { $0.continuation.take() }?.resume(with: result)
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
