#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call in a ``ByteSource``.
///
/// The description names the operation and the `errno` value only. It never contains a path or file content.
public struct ByteSourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The system call that failed.
    public enum Operation: String, Sendable, Hashable {
        /// `open(2)`.
        case open
        /// `read(2)`.
        case read
    }

    /// The system call that failed.
    public var operation: Operation
    /// The `errno` value the call reported.
    public var errno: Int32

    /// Creates an error for a failed `operation` with the given `errno` value.
    public init(operation: Operation, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        "\(operation.rawValue) failed: \(ByteSourceError.message(for: errno)) (errno \(errno))"
    }

    /// The C library's text for an `errno` value (`strerror`), e.g. "No such file or directory".
    static func message(for code: Int32) -> String {
        guard let text = strerror(code) else { return "unknown error" }
        return String(cString: text)
    }
}
