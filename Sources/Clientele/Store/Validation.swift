/// Limits on identifiers and labels, checked before anything reaches LMDB (whose keys stop at 511 bytes).
enum Validation {
    static let maxIdentifierBytes = 256
    static let maxEmailBytes = 254
    static let maxLabelBytes = 200

    /// Checks an identifier (external id, order id): non-empty, at most 256 bytes, no control characters.
    static func identifier(_ value: String, field: String) throws(ClienteleError) {
        try label(value, field: field, limit: maxIdentifierBytes)
    }

    /// Checks a label (category, tag, channel): non-empty, at most `limit` bytes, no control characters.
    static func label(_ value: String, field: String, limit: Int = maxLabelBytes) throws(ClienteleError) {
        let count = value.utf8.count
        if count == 0 { throw .invalidInput(field: field, reason: "is empty") }
        if count > limit { throw .invalidInput(field: field, reason: "is longer than \(limit) bytes") }
        let controls = value.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.contains { $0 < 0x20 || $0 == 0x7F }
        } ?? value.utf8.contains { $0 < 0x20 || $0 == 0x7F }
        if controls { throw .invalidInput(field: field, reason: "contains control characters") }
    }
}
