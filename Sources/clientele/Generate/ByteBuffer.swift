import Clientele

/// Bytes being formatted for a CSV file, with fast appends for the few shapes the generator writes.
struct ByteBuffer {
    var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    @inline(__always)
    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// A non-negative integer, zero-padded to `width` digits.
    mutating func append(_ value: Int, width: Int = 1) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = value.magnitude
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(truncatingIfNeeded: v % 10) + 0x30
                v /= 10
                count += 1
            } while v > 0 && count < 20
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            var pad = width - count
            while pad > 0 {
                bytes.append(0x30)
                pad -= 1
            }
            while count > 0 {
                count -= 1
                bytes.append(buffer[count])
            }
        }
    }

    /// Minor units at scale 2: `-12.05`.
    mutating func appendCents(_ cents: Int64) {
        if cents < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = Int(cents.magnitude)
        append(magnitude / 100)
        bytes.append(UInt8(ascii: "."))
        append(magnitude % 100, width: 2)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for seconds since the epoch.
    mutating func appendTimestamp(seconds: Int64) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let date = CivilDate(daysSinceEpoch: days)
        append(date.year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        append(date.month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        append(date.day, width: 2)
        bytes.append(UInt8(ascii: "T"))
        append(secondOfDay / 3600, width: 2)
        bytes.append(UInt8(ascii: ":"))
        append(secondOfDay / 60 % 60, width: 2)
        bytes.append(UInt8(ascii: ":"))
        append(secondOfDay % 60, width: 2)
        bytes.append(UInt8(ascii: "Z"))
    }
}
