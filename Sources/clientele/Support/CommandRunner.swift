import ArgumentParser
import ClienteleImport

/// Runs a command body: flushes standard output, reports failures on standard error and turns them into exit codes.
enum CommandRunner {
    static func runWithStatus(_ body: () throws -> ExitStatus) throws {
        let status: ExitStatus
        do {
            status = try body()
            Console.out.flush()
        } catch {
            Console.out.flush()
            let failure = CLIError.from(error)
            // Paths and column names come from the user's files: their control characters are printed escaped.
            let message = OutputText.escapingControls(failure.message)
            if failure.bare {
                if !message.isEmpty { Console.err.write(message + "\n") }
            } else {
                Console.err.write("clientele: error: \(message)\n")
            }
            throw ExitCode(failure.status.rawValue)
        }
        if status != .success { throw ExitCode(status.rawValue) }
    }

    /// Runs a command body that succeeds or throws.
    static func run(_ body: () throws -> Void) throws {
        try runWithStatus { () throws -> ExitStatus in
            try body()
            return .success
        }
    }
}
