#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A decoded 8-bit, non-interlaced PNG (what Chromium's screenshots are): RGB or RGBA pixels. Inflating uses the
/// system zlib through `dlopen` (no package dependency); the filters are undone here.
struct PNGImage {
    let width: Int
    let height: Int
    /// Bytes per pixel (3: RGB, 4: RGBA).
    let channels: Int
    /// Unfiltered rows, `width × channels` bytes each.
    let pixels: [UInt8]

    struct DecodeError: Error, CustomStringConvertible {
        var description: String
    }

    /// The red, green and blue of pixel (x, y).
    func rgb(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
        let offset = (y * width + x) * channels
        return (pixels[offset], pixels[offset + 1], pixels[offset + 2])
    }

    init(contentsOf path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard bytes.count > 8, bytes.prefix(8).elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw DecodeError(description: "not a PNG")
        }
        func word(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        var offset = 8
        var header: (width: Int, height: Int, depth: UInt8, color: UInt8, interlace: UInt8)?
        var compressed: [UInt8] = []
        while offset + 8 <= bytes.count {
            let length = word(offset)
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let start = offset + 8
            guard length >= 0, start + length + 4 <= bytes.count else { throw DecodeError(description: "truncated") }
            if type == "IHDR" {
                header = (word(start), word(start + 4), bytes[start + 8], bytes[start + 9], bytes[start + 12])
            } else if type == "IDAT" {
                compressed += bytes[start..<(start + length)]
            } else if type == "IEND" {
                break
            }
            offset = start + length + 4
        }
        guard let header, header.depth == 8, header.interlace == 0, header.color == 2 || header.color == 6 else {
            throw DecodeError(description: "unsupported PNG layout \(String(describing: header))")
        }
        width = header.width
        height = header.height
        channels = header.color == 6 ? 4 : 3
        let stride = width * channels
        let raw = try Self.inflate(compressed, expected: (stride + 1) * height)
        var pixels = [UInt8](repeating: 0, count: stride * height)
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            let source = row * (stride + 1) + 1
            let target = row * stride
            for index in 0..<stride {
                let x = raw[source + index]
                let a = index >= channels ? Int(pixels[target + index - channels]) : 0
                let b = row > 0 ? Int(pixels[target - stride + index]) : 0
                let c = row > 0 && index >= channels ? Int(pixels[target - stride + index - channels]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                    predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw DecodeError(description: "bad filter \(filter) in row \(row)")
                }
                pixels[target + index] = UInt8(truncatingIfNeeded: Int(x) + predicted)
            }
        }
        self.pixels = pixels
    }

    private typealias Uncompress = @convention(c) (
        UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt>?, UnsafePointer<UInt8>?, UInt
    ) -> Int32

    /// zlib's `uncompress`, found with `dlopen("libz.so.1")`.
    private static func inflate(_ data: [UInt8], expected: Int) throws -> [UInt8] {
        guard let library = dlopen("libz.so.1", RTLD_NOW) ?? dlopen("libz.dylib", RTLD_NOW),
              let symbol = dlsym(library, "uncompress") else {
            throw DecodeError(description: "the system zlib (libz.so.1) is not available")
        }
        let uncompress = unsafeBitCast(symbol, to: Uncompress.self)
        var output = [UInt8](repeating: 0, count: expected)
        var length = UInt(expected)
        let status = output.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBufferPointer { input in
                uncompress(out.baseAddress, &length, input.baseAddress, UInt(input.count))
            }
        }
        guard status == 0, Int(length) == expected else {
            throw DecodeError(description: "zlib uncompress failed (\(status), \(length) of \(expected) bytes)")
        }
        return output
    }
}
