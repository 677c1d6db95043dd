#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation


/// How a forked child ended.
public enum ChildOutcome: Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)
    /// It did not finish in time and was killed (for example it inherited a lock another thread held at fork time).
    case hung

    public var description: String {
        switch self {
        case .exited(let code): return "exited with \(code)"
        case .signaled(let signal): return "killed by signal \(signal)"
        case .hung: return "hung and was killed"
        }
    }
}

/// Forks the process. The child runs `child` and `_exit`s with the code it returns, without running any Swift
/// Testing machinery, atexit handlers or deinitializers of the parent's objects. The parent waits for the child
/// (killing it after `limit`, so a child that inherited a held lock cannot hang the suite) and returns how it ended.
///
/// Keep `child` to plain calls: the child has one thread, copied from a multi-threaded parent.
public func forkChild(limit: Duration = .seconds(30), _ child: () -> Int32) throws -> ChildOutcome {
    let pid = fork()
    if pid < 0 { throw HelperError("fork failed: errno \(errno)") }
    if pid == 0 {
        _exit(child())
    }
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: limit)
    var status: Int32 = 0
    while true {
        let waited = waitpid(pid, &status, WNOHANG)
        if waited == pid { break }
        if waited < 0 && errno != EINTR { throw HelperError("waitpid failed: errno \(errno)") }
        if clock.now >= deadline {
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            return .hung
        }
        usleep(1_000)
    }
    let signal = status & 0x7F
    if signal == 0 { return .exited((status >> 8) & 0xFF) }
    return .signaled(signal)
}

/// Runs `forkChild` again (up to `attempts` times in all) when the child hung, which only happens when it inherited
/// a lock that another test thread held at the moment of `fork()`; that is an artifact of forking a multi-threaded
/// test process, not the behaviour under test.
public func forkChildRetryingHangs(
    attempts: Int = 3, limit: Duration = .seconds(15), _ child: () -> Int32
) throws -> ChildOutcome {
    var outcome = ChildOutcome.hung
    for _ in 0..<attempts {
        outcome = try forkChild(limit: limit, child)
        if outcome != .hung { return outcome }
    }
    return outcome
}
