/// A ``ByteSource`` over an in-memory byte array, for tests, fuzzers and small inputs.
///
/// `maxReadSize` caps how many bytes one ``read(into:)`` returns, to simulate short reads from pipes, and
/// ``bytesRead`` counts what was handed out, so a test can check that a reader failed before reading everything.
public struct MemorySource: ByteSource, Sendable {
    /// The whole input.
    public let bytes: [UInt8]
    /// The largest number of bytes a single read returns (at least 1).
    public let maxReadSize: Int
    /// How many bytes have been handed out so far.
    public private(set) var bytesRead = 0

    /// Creates a source over `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: The input.
    ///   - maxReadSize: Upper bound for a single read; values below 1 are treated as 1.
    public init(_ bytes: [UInt8], maxReadSize: Int = .max) {
        self.bytes = bytes
        self.maxReadSize = max(1, maxReadSize)
    }

    /// Creates a source over the UTF-8 bytes of `text`.
    public init(_ text: String, maxReadSize: Int = .max) {
        self.init(Array(text.utf8), maxReadSize: maxReadSize)
    }

    /// Copies the next bytes into `buffer`.
    ///
    /// - Returns: The number of bytes copied; `0` once all bytes were handed out.
    /// - Throws: Never; the signature is the protocol's.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
        let n = min(buffer.count, bytes.count - bytesRead, maxReadSize)
        guard n > 0, let destination = buffer.baseAddress else { return 0 }
        bytes.withUnsafeBytes { source in
            if let start = source.baseAddress {
                destination.copyMemory(from: start + bytesRead, byteCount: n)
            }
        }
        bytesRead += n
        return n
    }
}
