/// A forward-only stream of bytes that ``CSVReader`` pulls its input from.
///
/// Conforming types copy up to `buffer.count` bytes into `buffer` and return how many they wrote. Returning `0`
/// means end of input; after that, further calls must keep returning `0`. A short read (fewer bytes than asked
/// for, but more than zero) is normal and does not mean end of input.
///
/// The protocol allows non-copyable conformers, so a source can own a resource (a file descriptor) and release
/// it in `deinit`.
public protocol ByteSource: ~Copyable {
    /// Reads the next bytes of the stream into `buffer`.
    ///
    /// - Parameter buffer: Destination; never empty when called by ``CSVReader``.
    /// - Returns: The number of bytes written to the front of `buffer`, in `0...buffer.count`. `0` means EOF.
    /// - Throws: ``ByteSourceError`` when the underlying read fails.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int
}
