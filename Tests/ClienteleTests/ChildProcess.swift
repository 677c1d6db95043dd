import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A built executable of this package (`clientele`, `clientele-torture`), found next to the test bundle.
func builtProduct(_ name: String) throws -> String {
    var candidates: [URL] = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
    candidates += candidates.map { $0.deletingLastPathComponent() }
    for directory in candidates {
        let path = directory.appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    throw ChildProcessError.notBuilt(name)
}

enum ChildProcessError: Error { case notBuilt(String) }

/// A child process whose standard output is read line by line.
final class ChildProcess {
    let process = Process()
    private let output = Pipe()
    private var buffer = Data()

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Kills the child with SIGKILL and waits for it.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits for the child to exit.
    func wait() { process.waitUntilExit() }

    /// Everything the child printed (after it has exited), as lines.
    func lines() -> [String] {
        buffer.append(output.fileHandleForReading.readDataToEndOfFile())
        return String(decoding: buffer, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Blocks until the child prints a line containing `text` (or exits); returns whether it did.
    func waitFor(_ text: String) -> Bool {
        let handle = output.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { return false }
            buffer.append(chunk)
            if String(decoding: buffer, as: UTF8.self).contains(text) { return true }
        }
    }

    /// The highest "ack N" the child printed, or 0.
    func lastAck() -> Int {
        lines().compactMap { $0.hasPrefix("ack ") ? Int($0.dropFirst(4)) : nil }.max() ?? 0
    }
}

/// How a child run by `runCaptured` ended.
struct CapturedRun: CustomStringConvertible {
    /// The exit code, or the signal number when `signaled`.
    var status: Int32
    var signaled: Bool
    /// Killed by the watchdog (it ran longer than the limit given to `runCaptured`).
    var hung: Bool
    var stdout: String
    var stderr: String

    var description: String {
        (signaled ? "signal \(status)" : "exit \(status)") + (hung ? " (hung)" : "")
            + "\nstdout: \(stdout.prefix(1500))\nstderr: \(stderr.prefix(1500))"
    }
}

/// Runs `executable arguments…` with standard output and error in files (no pipe to fill), waits for it, and returns
/// how it ended and everything it printed. A child still running after `watchdogSeconds` is killed (a hang is then
/// reported, not waited for forever); the watchdog is a safety net, not an assertion on speed.
func runCaptured(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                 watchdogSeconds: Double = 300) throws -> CapturedRun {
    let child = try spawnWithOutputFiles(
        executable, argv: [executable] + arguments, environment: environment, prefix: "clientele-child")
    let pid = child.pid, outPath = child.outPath, errPath = child.errPath
    defer {
        unlink(outPath)
        unlink(errPath)
    }
    var status: Int32 = 0
    var hung = false
    let deadline = Date().addingTimeInterval(watchdogSeconds)
    while true {
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == pid { break }
        if reaped < 0 && errno != EINTR { throw POSIXError(.ECHILD) }
        if !hung && Date() > deadline {
            hung = true
            Glibc.kill(pid, SIGKILL)
        }
        usleep(1_000)
    }
    let signaled = (status & 0x7F) != 0 && (status & 0x7F) != 0x7F
    let out = String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self)
    let err = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
    return CapturedRun(status: signaled ? status & 0x7F : (status >> 8) & 0xFF, signaled: signaled, hung: hung,
                       stdout: out, stderr: err)
}
