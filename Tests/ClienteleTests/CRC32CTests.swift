import Testing
@testable import Clientele

/// The record checksum: the published check values, and the CPU-instruction path equal to the table path.
@Suite struct CRC32CTests {
    @Test func publishedCheckValues() {
        // RFC 3720 B.4 and the CRC catalogue's check value for CRC-32C.
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum(Array(0...31)) == 0x46DD_794E)
        #expect(CRC32C.checksum([]) == 0)
    }

    @Test func portablePathMatchesPublishedValues() {
        #expect(Array("123456789".utf8).withUnsafeBytes { CRC32C.portableChecksum($0) } == 0xE306_9283)
        #expect([UInt8](Array(0...31)).withUnsafeBytes { CRC32C.portableChecksum($0) } == 0x46DD_794E)
    }

    /// Every length from 0 to 300 at every alignment 0–7, random bytes: both paths agree (on a CPU without the
    /// instruction `checksum` is the portable path and this compares it with itself: the check values above still
    /// bind it).
    @Test func bothPathsAgreeOnRandomInputs() {
        var random = TestGenerator()
        let comment = random.comment
        let buffer = (0..<320).map { _ in UInt8.random(in: 0...255, using: &random) }
        buffer.withUnsafeBytes { all in
            for offset in 0..<8 {
                for length in 0...300 {
                    let slice = UnsafeRawBufferPointer(rebasing: all[offset..<(offset + length)])
                    #expect(CRC32C.checksum(slice) == CRC32C.portableChecksum(slice), comment)
                }
            }
        }
    }
}
