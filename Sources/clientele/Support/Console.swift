#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ClienteleImport

/// Buffered writes to standard output and unbuffered ones to standard error.
final class Console: @unchecked Sendable {
    /// Standard output, buffered (flushed when 64 KiB are pending and at the end of the command).
    static let out = Console(fd: STDOUT_FILENO, buffered: true)
    /// Standard error, written at once.
    static let err = Console(fd: STDERR_FILENO, buffered: false)

    let fd: Int32
    private let buffered: Bool
    private var buffer: [UInt8] = []

    private init(fd: Int32, buffered: Bool) {
        self.fd = fd
        self.buffered = buffered
        if buffered { buffer.reserveCapacity(1 << 16) }
    }

    /// Whether the stream is a terminal.
    var isTerminal: Bool { isatty(fd) == 1 }

    /// Writes text.
    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if !buffered || buffer.count >= 1 << 16 { flush() }
    }

    /// Writes bytes.
    func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if !buffered || buffer.count >= 1 << 16 { flush() }
    }

    /// Writes a line.
    func line(_ text: String = "") { write(text + "\n") }

    /// Writes what is pending.
    func flush() {
        guard !buffer.isEmpty else { return }
        // A closed pipe or full disk: nothing sensible left to do with the output.
        _ = buffer.withUnsafeBytes { POSIXCalls.writeAll(fd, $0) }
        buffer.removeAll(keepingCapacity: true)
    }
}
