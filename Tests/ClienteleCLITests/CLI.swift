#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// Runs the built `clientele` binary as a child process, with its output in files (no pipe deadlocks) and its peak
/// RSS from `wait4`.
enum CLI {
    /// What a run produced.
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        /// `ru_maxrss` from `wait4`, in KiB. Beware: on Linux it includes the RSS of this test process, whose
        /// address space the child started in (`posix_spawn` uses `vfork`); see PeakMemoryTests.
        var maxRSSKiB: Int
        /// Whether the child was killed by a signal (then `status` is the signal number).
        var signaled = false

        var description: String { "exit \(status)\nstdout:\n\(stdout.prefix(2000))\nstderr:\n\(stderr.prefix(2000))" }
    }

    /// The binary: `CLIENTELE_BINARY`, else `clientele` next to the running test bundle (same scratch path and
    /// configuration as the tests).
    static let binary: String? = {
        if let path = ProcessInfo.processInfo.environment["CLIENTELE_BINARY"] { return path }
        var candidates: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((exe as NSString).deletingLastPathComponent + "/clientele")
        }
        let main = Bundle.main.bundleURL
        candidates.append(main.appendingPathComponent("clientele").path)
        candidates.append(main.deletingLastPathComponent().appendingPathComponent("clientele").path)
        if let argument = CommandLine.arguments.first {
            candidates.append((argument as NSString).deletingLastPathComponent + "/clientele")
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs `clientele arguments…` in `directory` and waits for it.
    static func run(
        _ arguments: [String], in directory: String? = nil, stdin: String? = nil, environment: [String: String] = [:],
        umask mask: mode_t? = nil
    ) throws -> Result {
        let child = try spawn(arguments, in: directory, stdin: stdin, environment: environment, umask: mask)
        return try child.wait()
    }

    /// A running child.
    final class Child {
        let pid: pid_t
        let outPath: String
        let errPath: String
        private var reaped = false

        init(pid: pid_t, outPath: String, errPath: String) {
            self.pid = pid
            self.outPath = outPath
            self.errPath = errPath
        }

        /// What the child wrote to standard error so far.
        var stderrSoFar: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

        func kill(_ signal: Int32 = SIGKILL) { sendSignal(pid, signal) }

        func wait() throws -> Result {
            var status: Int32 = 0
            var usage = rusage()
            while wait4(pid, &status, 0, &usage) < 0 {
                guard errno == EINTR else { throw POSIXError(.ECHILD) }
            }
            reaped = true
            let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
            let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            unlink(outPath)
            unlink(errPath)
            let signaled = (status & 0x7F) != 0 && (status & 0x7F) != 0x7F
            let code = signaled ? status & 0x7F : (status >> 8) & 0xFF
            return Result(status: code, stdout: out, stderr: err, maxRSSKiB: Int(usage.ru_maxrss), signaled: signaled)
        }

        deinit {
            if !reaped {
                sendSignal(pid, SIGKILL)
                var status: Int32 = 0
                _ = waitpid(pid, &status, 0)
            }
        }
    }

    /// Starts `clientele arguments…` without waiting.
    /// `umask`: run the binary under this umask (through `/bin/sh`, which then execs it), not this process's.
    static func spawn(
        _ arguments: [String], in directory: String? = nil, stdin: String? = nil, environment: [String: String] = [:],
        umask mask: mode_t? = nil
    ) throws -> Child {
        guard let binary else {
            throw CLIBinaryMissing()
        }
        // A working directory through env(1), which then execs the binary (same process, same rusage).
        var program = directory == nil ? binary : "/usr/bin/env"
        var command = directory.map { ["/usr/bin/env", "-C", $0, binary] } ?? [binary]
        if let mask {
            program = "/bin/sh"
            command = ["/bin/sh", "-c", "umask \(String(mask, radix: 8)) && exec \"$@\"", "sh"] + command
        }
        let child = try spawnWithOutputFiles(
            program, argv: command + arguments, stdin: stdin, environment: environment, prefix: "clientele-cli")
        return Child(pid: child.pid, outPath: child.outPath, errPath: child.errPath)
    }
}

extension CLI {
    /// `VmHWM` of a running process in KiB (from `/proc/PID/status`); `nil` once it has exited.
    static func highWaterMarkKiB(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let value = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return nil }
        return value
    }
}

/// The `clientele` binary was not found next to the tests.
struct CLIBinaryMissing: Error, CustomStringConvertible {
    var description: String {
        "the clientele binary is not next to the test bundle; build it (`swift build --build-tests`) or set "
            + "CLIENTELE_BINARY"
    }
}

/// Key–value lines (`key  value`) of a command's table output, e.g. the import summary or `stats --output table`.
func keyValues(_ text: String) -> [String: String] {
    var result: [String: String] = [:]
    for line in text.split(separator: "\n") {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count >= 2 else { continue }
        // Keys may contain single spaces ("rows read"); the value is the last token.
        let value = String(parts[parts.count - 1])
        let key = parts.dropLast().joined(separator: " ")
        result[key] = value
    }
    return result
}

/// Rows of a CSV output without quoted fields (the commands' numeric outputs).
func simpleCSV(_ text: String) -> [[String]] {
    text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}

/// `kill(2)`, named apart from ``CLI/Child/kill(_:)``.
private func sendSignal(_ pid: pid_t, _ signal: Int32) { _ = kill(pid, signal) }
