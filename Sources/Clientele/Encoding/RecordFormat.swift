/// Decode-then-encode entry points for the stored record formats, for fuzzing and format tests: each decodes
/// `bytes` as a record of its table and, when that succeeds, returns the record encoded again (which must equal the
/// input: the formats have one canonical encoding; a version-1 purchase record comes back as version 2, see
/// `samePurchase`). `nil` when the bytes are not a valid record.
public enum RecordFormat {
    /// A `customers` record.
    public static func reencodeCustomer(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        reencode(bytes, CustomerCodec.decode, CustomerCodec.encode)
    }

    /// A `purchases` record.
    public static func reencodePurchase(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        reencode(bytes, StoredPurchaseCodec.decode, StoredPurchaseCodec.encode)
    }

    /// Whether two `purchases` records decode to the same purchase (`false` when either does not decode): a record of
    /// an older version re-encodes in the current one, so its bytes change and its value must not.
    public static func samePurchase(_ first: [UInt8], _ second: [UInt8]) -> Bool {
        let decoded = [first, second].map { bytes in bytes.withUnsafeBytes { try? StoredPurchaseCodec.decode($0) } }
        guard let a = decoded[0], let b = decoded[1] else { return false }
        return a == b
    }

    /// A `stats` record (the per-customer aggregate).
    public static func reencodeStats(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        reencode(bytes, CustomerStatsCodec.decode, CustomerStatsCodec.encode)
    }

    /// A `daily` record.
    public static func reencodeDaily(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        reencode(bytes, DailyTotalsCodec.decode, DailyTotalsCodec.encode)
    }

    private static func reencode<T>(
        _ bytes: UnsafeRawBufferPointer, _ decode: (UnsafeRawBufferPointer) throws -> T,
        _ encode: (T, inout [UInt8]) -> Void
    ) -> [UInt8]? {
        guard let value = try? decode(bytes) else { return nil }
        var output: [UInt8] = []
        encode(value, &output)
        return output
    }
}
