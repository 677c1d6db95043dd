#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A process started by ``spawnWithOutputFiles(_:argv:stdin:environment:prefix:)``: its id and the files its
/// standard output and error go to (the caller reads and removes them after waiting for it).
public struct SpawnedProcess: Sendable {
    /// The child's process id (wait for it with `waitpid` or `wait4`).
    public let pid: pid_t
    /// The file its standard output goes to.
    public let outPath: String
    /// The file its standard error goes to.
    public let errPath: String
}

/// Starts `program` with the argument vector `argv` (`argv[0]` included) and returns without waiting. Standard input
/// is `stdin` (default `/dev/null`); standard output and error go to fresh files (mode 0600)
/// `<temporary directory>/<prefix>-<UUID>.out` and `.err`, so a child that prints much never blocks on a pipe. The
/// environment is this process's without `CLIENTELE_STORE`, with `environment` set on top.
/// - Throws: `POSIXError` when `posix_spawn` fails (the output files are then removed).
public func spawnWithOutputFiles(
    _ program: String, argv: [String], stdin: String? = nil, environment: [String: String] = [:], prefix: String
) throws -> SpawnedProcess {
    let base = NSTemporaryDirectory() + "/\(prefix)-\(UUID().uuidString)"
    let outPath = base + ".out", errPath = base + ".err"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "CLIENTELE_STORE")
    for (key, value) in environment { env[key] = value }
    let cArgv = argv.map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        cArgv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let code = posix_spawn(&pid, program, &actions, nil, cArgv, envp)
    guard code == 0 else {
        unlink(outPath)
        unlink(errPath)
        throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EINVAL)
    }
    return SpawnedProcess(pid: pid, outPath: outPath, errPath: errPath)
}
