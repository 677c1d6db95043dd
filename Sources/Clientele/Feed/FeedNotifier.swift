import LMDBKit

/// Wakes consumers waiting for events: the store signals it after every commit that wrote events. A waiter also
/// wakes after a timeout (writers in other processes cannot signal it: the stream then checks the last committed
/// transaction), on cancellation and when the store closes.
final class FeedNotifier: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var nextWaiter: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var closed = false
    }

    private let state = Locked(State())

    /// A counter bumped by every signal; pass it to `wait(after:timeout:)` to miss none.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Wakes every waiter.
    func signal() {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.generation &+= 1
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Wakes every waiter and makes later waits return at once.
    func close() {
        state.withLock { $0.closed = true }
        signal()
    }

    /// Returns when a signal came after `generation`, after `timeout` seconds, when the task is cancelled or the
    /// store closed.
    func wait(after generation: UInt64, timeout: Double) async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        let timer = Task {
            try? await Task.sleep(nanoseconds: UInt64(max(timeout, 0) * 1e9))
            self.resume(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.closed || state.generation != generation || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            self.resume(id)
        }
        timer.cancel()
    }

    private func resume(_ id: UInt64) {
        let continuation = state.withLock { $0.waiters.removeValue(forKey: id) }
        continuation?.resume()
    }
}
