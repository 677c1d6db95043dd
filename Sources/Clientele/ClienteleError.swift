import LMDBKit

/// Every failure the Clientele engine reports.
///
/// Descriptions name fields, tables and reasons, never a customer's data (no emails, names, ids or amounts), so they
/// can go to the host service's logs.
public enum ClienteleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The storage layer failed (I/O, full disk, map ceiling, …).
    case storage(LMDBError)
    /// A value given to the API is not acceptable: `field` names it, `reason` says why.
    case invalidInput(field: String, reason: String)
    /// Money arithmetic would overflow Int64 minor units in `field`.
    case overflow(field: String)
    /// A purchase names a customer that does not exist and the store rejects unknown customers.
    case unknownCustomer
    /// No customer has the given external id or email.
    case customerNotFound
    /// An order id is already stored for another customer or with another amount (the order id is the idempotency
    /// key: the same customer and amount is a duplicate, whatever the timestamp).
    case orderConflict
    /// A refund names an order that is not stored, or that belongs to another customer.
    case refundTargetInvalid(reason: String)
    /// A stored record failed its checksum or could not be decoded.
    case corrupted(table: String, reason: String)
    /// The directory holds an LMDB file that Clientele did not create (or a newer format).
    case notAClienteleStore(reason: String)
    /// The store directory does not exist (read-only commands never create one).
    case storeMissing(path: String)
    /// The store was opened with a `setting` ("currency scale" or "UTC offset") set to `requested`, but it was
    /// created with `stored`; these are fixed at creation. Leave the option unset to use the stored value.
    case settingsMismatch(setting: String, stored: Int64, requested: Int64)
    /// The store was opened with a time zone (`StoreOptions.timeZone` or `utcOffsetSeconds`) other than the one it
    /// was created with: `stored` and `requested` are IANA identifiers or fixed offsets written `UTC+01:00`. Days are
    /// fixed at creation; leave both options unset to use the stored zone.
    case timeZoneMismatch(stored: String, requested: String)
    /// The store was closed (`Store.close()`); open it again to use it.
    case storeClosed
    /// A refund naming an order (`refund_of`) breaks a refund rule; nothing was stored.
    case refundRejected(RefundRule)
    /// A sorted import is writing the store's order index (`clientele import purchases`; or one was killed and the
    /// store has not been opened since): writes are refused until it finishes. Opening the store again completes
    /// the index of an import that is no longer running.
    case importInProgress

    public var description: String {
        switch self {
        case .storage(let error): return "storage error: \(error)"
        case .invalidInput(let field, let reason): return "invalid \(field): \(reason)"
        case .overflow(let field): return "\(field) overflows the range of 64-bit minor units"
        case .unknownCustomer: return "the purchase names an unknown customer and the store rejects unknown customers"
        case .customerNotFound: return "no such customer"
        case .orderConflict: return "the order id is already stored for another customer or amount"
        case .refundTargetInvalid(let reason): return "invalid refund: \(reason)"
        case .corrupted(let table, let reason): return "damaged record in table '\(table)': \(reason); run verify"
        case .notAClienteleStore(let reason): return "not a Clientele store: \(reason)"
        case .storeMissing(let path): return "no store at '\(path)'"
        case .settingsMismatch(let setting, let stored, let requested):
            return "the store's \(setting) is \(stored), fixed when it was created; \(requested) was requested"
        case .timeZoneMismatch(let stored, let requested):
            return "the store's time zone is \(stored), fixed when it was created; \(requested) was requested"
        case .storeClosed: return "the store is closed"
        case .refundRejected(let rule): return "invalid refund: \(rule)"
        case .importInProgress:
            return "an import is writing this store's order index; writes are refused until it finishes "
                + "(an import that was killed is completed when the store is opened again)"
        }
    }
}

/// The rule a refund that names its order (`refund_of`) broke. A refund without `refund_of` is checked by none.
public enum RefundRule: Sendable, Hashable, CustomStringConvertible {
    /// The refund is larger than what remains of the order: its amount less the refunds already naming it
    /// (including those earlier in the same batch).
    case exceedsRemaining
    /// The refund is dated before the order it refunds.
    case predatesOrder
    /// The named order is itself a refund.
    case refundsARefund

    public var description: String {
        switch self {
        case .exceedsRemaining: return "the refund is larger than what remains of the refunded order"
        case .predatesOrder: return "the refund is dated before the refunded order"
        case .refundsARefund: return "the refunded order is itself a refund"
        }
    }
}

/// Runs `body`, turning storage-layer errors into `ClienteleError`.
@inline(__always)
func storage<R>(_ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let error as LMDBError {
        if case .decoding(let table, let reason) = error { throw ClienteleError.corrupted(table: table, reason: reason) }
        throw ClienteleError.storage(error)
    }
}
