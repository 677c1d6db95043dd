#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ClienteleImport
import Testing

@Suite("Byte sources")
struct ByteSourceTests {
    /// Writes `bytes` to a new temporary file and returns its path.
    private func temporaryFile(_ bytes: [UInt8]) throws -> String {
        var template = Array("/tmp/clientele-import-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        try #require(fd >= 0)
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        try #require(written == bytes.count)
        return try #require(String(validating: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    @Test("FileDescriptorSource reads a file through the CSV reader")
    func fileSource() throws {
        var text = "id,amount\n"
        for i in 0..<20_000 { text += "c\(i),\"\(i).50\"\r\n" }
        let path = try temporaryFile(Array(text.utf8))
        defer { unlink(path) }
        var reader = try CSVReader(source: try FileDescriptorSource(path: path), options: CSVOptions(readChunkSize: 1000))
        var rows = 0
        var last = ""
        while try reader.next() {
            rows += 1
            last = reader.string(1)
        }
        #expect(rows == 20_001)
        #expect(last == "19999.50")
        #expect(reader.bytesConsumed == text.utf8.count)
    }

    @Test("opening a missing file throws ENOENT")
    func missingFile() {
        #expect(throws: ByteSourceError(operation: .open, errno: ENOENT)) {
            _ = try FileDescriptorSource(path: "/nonexistent/clientele/input.csv")
        }
    }

    @Test("a path with a NUL byte is rejected, not truncated")
    func nulInPath() {
        #expect(throws: ByteSourceError(operation: .open, errno: EINVAL)) {
            _ = try FileDescriptorSource(path: "/tmp\u{0}/etc/passwd")
        }
    }

    @Test("reading a directory surfaces as a CSV I/O error")
    func directory() throws {
        var reader = try CSVReader(source: try FileDescriptorSource(path: "/tmp"))
        #expect(throws: CSVError(line: 1, column: nil, reason: .io(errno: EISDIR))) { try reader.next() }
    }

    @Test("\"-\" means standard input and is not owned")
    func standardInput() throws {
        let source = try FileDescriptorSource(path: "-")
        #expect(source.fileDescriptor == STDIN_FILENO)
    }

    @Test("MemorySource honours short reads and counts")
    func bytesSource() throws {
        var source = MemorySource("hello", maxReadSize: 2)
        var buffer = [UInt8](repeating: 0, count: 10)
        let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        #expect(n == 2)
        #expect(source.bytesRead == 2)
        #expect(Array(buffer[0..<2]) == Array("he".utf8))
    }
}
