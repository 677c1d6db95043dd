/// Limits on identifiers and labels, checked before anything reaches LMDB (whose keys stop at 511 bytes).
enum Validation {
    static let maxIdentifierBytes = 256
    static let maxEmailBytes = 254
    static let maxLabelBytes = 200

    /// Checks an identifier (external id, order id): see `label`, at most 256 bytes.
    static func identifier(_ value: String, field: String) throws(ClienteleError) {
        try label(value, field: field, limit: maxIdentifierBytes)
    }

    /// Checks a label (category, tag, channel) or identifier: non-empty, at most `limit` bytes, no C0, DEL or C1
    /// control characters, something visible (see `Identifiers.problem`).
    static func label(_ value: String, field: String, limit: Int = maxLabelBytes) throws(ClienteleError) {
        if let reason = Identifiers.problem(value, limit: limit) { throw .invalidInput(field: field, reason: reason) }
    }
}
