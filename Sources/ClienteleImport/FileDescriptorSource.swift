#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A ``ByteSource`` that reads a POSIX file descriptor with `read(2)`.
///
/// Interrupted reads (`EINTR`) are retried. The source is non-copyable, so exactly one owner closes the descriptor:
/// when it was opened by ``init(path:)`` (other than `-`), or created with `closeOnDeinit: true`, `deinit` closes it.
///
/// ```swift
/// var reader = try CSVReader(source: try FileDescriptorSource(path: "purchases.csv"))
/// ```
public struct FileDescriptorSource: ByteSource, ~Copyable, Sendable {
    /// The descriptor being read.
    public let fileDescriptor: Int32
    private let closeOnDeinit: Bool

    /// Wraps an already open descriptor.
    ///
    /// - Parameters:
    ///   - fileDescriptor: An open, readable descriptor.
    ///   - closeOnDeinit: Whether this source takes ownership and closes the descriptor when it is destroyed.
    public init(fileDescriptor: Int32, closeOnDeinit: Bool = false) {
        self.fileDescriptor = fileDescriptor
        self.closeOnDeinit = closeOnDeinit
    }

    /// Opens `path` read-only (with `O_CLOEXEC`); the path `-` means standard input, which is never closed.
    ///
    /// - Throws: ``ByteSourceError`` with operation `.open` when `open(2)` fails, or with `EINVAL` when the path
    ///   contains a NUL byte (which C would silently truncate at).
    public init(path: String) throws(ByteSourceError) {
        if path == "-" {
            self.init(fileDescriptor: STDIN_FILENO, closeOnDeinit: false)
            return
        }
        guard !path.utf8.contains(0) else { throw ByteSourceError(operation: .open, errno: EINVAL) }
        var fd: Int32
        repeat {
            fd = open(path, O_RDONLY | O_CLOEXEC)
        } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw ByteSourceError(operation: .open, errno: errno) }
        self.init(fileDescriptor: fd, closeOnDeinit: true)
    }

    /// Reads up to `buffer.count` bytes with `read(2)`, retrying on `EINTR`.
    ///
    /// - Returns: The number of bytes read; `0` at end of file.
    /// - Throws: ``ByteSourceError`` with operation `.read` when `read(2)` fails.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = systemRead(fileDescriptor, base, buffer.count)
            if n >= 0 { return n }
            let code = errno
            if code != EINTR { throw ByteSourceError(operation: .read, errno: code) }
        }
    }

    deinit {
        if closeOnDeinit { _ = close(fileDescriptor) }
    }
}

/// `read(2)`, named apart from ``FileDescriptorSource/read(into:)`` to avoid shadowing.
@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
