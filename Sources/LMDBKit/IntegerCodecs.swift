/// Big-endian fixed-width integer keys and values; signed integers have their sign bit flipped so that byte order
/// equals numeric order (`Int64.min` encodes as `00 00 … 00`, `-1` as `7F FF … FF`, `0` as `80 00 … 00`).
public enum BigEndian<Integer: FixedWidthInteger>: ComponentKeyCodec, ValueCodec {
    public typealias Value = Integer

    @inlinable
    static var width: Int { Integer.bitWidth / 8 }

    @inlinable
    static func orderedBits(_ value: Integer) -> UInt64 {
        let raw = UInt64(truncatingIfNeeded: value) & (Integer.bitWidth == 64 ? ~0 : (1 << Integer.bitWidth) - 1)
        return Integer.isSigned ? raw ^ (1 << (Integer.bitWidth - 1)) : raw
    }

    @inlinable
    public static func encode(_ value: Integer, into bytes: inout [UInt8]) {
        let bits = orderedBits(value)
        guard MemoryLayout<Integer>.size == width else {
            var shift = Integer.bitWidth - 8
            while shift >= 0 {
                bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
                shift -= 8
            }
            return
        }
        let big = Integer(truncatingIfNeeded: bits).bigEndian
        withUnsafeBytes(of: big) { bytes.append(contentsOf: $0) }
    }

    @inlinable
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws -> Integer {
        guard bytes.count == width else {
            throw CodecError("expected \(width) bytes for an integer, found \(bytes.count)")
        }
        var offset = 0
        return try decodeComponent(bytes, at: &offset)
    }

    @inlinable
    public static func encodeComponent(_ value: Integer, into bytes: inout [UInt8]) {
        encode(value, into: &bytes)
    }

    @inlinable
    public static func decodeComponent(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) throws -> Integer {
        guard offset >= 0, bytes.count - offset >= width else {
            throw CodecError("truncated integer component")
        }
        guard MemoryLayout<Integer>.size == width else {
            var bits: UInt64 = 0
            for index in offset..<(offset + width) { bits = bits << 8 | UInt64(bytes[index]) }
            offset += width
            if Integer.isSigned { bits ^= 1 << UInt64(Integer.bitWidth - 1) }
            return Integer(truncatingIfNeeded: bits)
        }
        let big = bytes.loadUnaligned(fromByteOffset: offset, as: Integer.self)
        offset += width
        var bits = UInt64(truncatingIfNeeded: Integer(bigEndian: big))
        if Integer.bitWidth < 64 { bits &= (1 << UInt64(Integer.bitWidth)) - 1 }
        if Integer.isSigned { bits ^= 1 << UInt64(Integer.bitWidth - 1) }
        return Integer(truncatingIfNeeded: bits)
    }
}

/// `UInt64` keys in numeric order.
public typealias UInt64Key = BigEndian<UInt64>
/// `UInt32` keys in numeric order.
public typealias UInt32Key = BigEndian<UInt32>
/// `UInt16` keys in numeric order.
public typealias UInt16Key = BigEndian<UInt16>
/// `UInt8` keys in numeric order.
public typealias UInt8Key = BigEndian<UInt8>
/// `Int64` keys in numeric order (negative before positive).
public typealias Int64Key = BigEndian<Int64>
/// `Int32` keys in numeric order (negative before positive).
public typealias Int32Key = BigEndian<Int32>
/// `Int16` keys in numeric order (negative before positive).
public typealias Int16Key = BigEndian<Int16>
/// `UInt64` values, big-endian.
public typealias UInt64Value = BigEndian<UInt64>
/// `Int64` values, big-endian with the sign bit flipped.
public typealias Int64Value = BigEndian<Int64>
