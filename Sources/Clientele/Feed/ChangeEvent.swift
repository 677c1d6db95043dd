import LMDBKit

/// One entry of the lifecycle change feed: a customer's status or segment changed (or the customer was erased).
///
/// Flat and `Codable` like the query results (`Store.jsonEncoder()`):
/// `{"offset":42,"externalID":"c-1","id":7,"kind":"status","from":"active","to":"at risk",
///   "instant":"2026-03-01T00:00:00.000000Z","cause":"time","doNotContact":false,"recordedAt":"…"}`.
public struct ChangeEvent: Sendable, Hashable, Codable {
    /// What changed.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The status (`CustomerStatus` names; `from` is nil for a customer's first purchase).
        case status
        /// The segment (`SegmentMap` names; `from` is nil before the customer was first ranked).
        case segment
        /// The customer was erased: `from` is its last status, `to` is nil, `externalID` empty. Its earlier events
        /// stay until pruned, with their external id removed (match them by `id`).
        case erased
    }

    /// What caused the change.
    public enum Cause: String, Sendable, Hashable, Codable, CaseIterable {
        /// A purchase of this customer (recorded or imported).
        case purchase
        /// A refund of this customer (and no purchase of it in the same transaction).
        case refund
        /// Days passed without a purchase (`Store.advance(to:)`).
        case time
        /// A segment sweep re-ranked the population (other customers' purchases moved the quintiles).
        case sweep
        /// `StoreWriter.erase(externalID:)`.
        case erasure
    }

    /// The event's position in the feed: increasing by one per event, never reused.
    public var offset: UInt64
    /// The customer's external id; empty once the customer was erased (its events keep only `id`).
    public var externalID: String
    /// The customer's internal number.
    public var id: CustomerID
    /// What changed.
    public var kind: Kind
    /// The state before (a status or segment name; nil when there was none).
    public var from: String?
    /// The state after (nil for `erased`).
    public var to: String?
    /// When the change happened: the purchase's instant, the start of the day a time-driven change falls on (in the
    /// store's time zone), the instant passed to the sweep, or the erasure's clock time.
    public var instant: Instant
    /// What caused the change.
    public var cause: Cause
    /// Whether the customer was marked do-not-contact when the event was written.
    public var doNotContact: Bool
    /// The system clock when the event was written (retention is measured from it).
    public var recordedAt: Instant

    /// An event with every field given (the store makes them; this is for tests and decoding).
    public init(offset: UInt64, externalID: String, id: CustomerID, kind: Kind, from: String?, to: String?,
                instant: Instant, cause: Cause, doNotContact: Bool, recordedAt: Instant) {
        self.offset = offset
        self.externalID = externalID
        self.id = id
        self.kind = kind
        self.from = from
        self.to = to
        self.instant = instant
        self.cause = cause
        self.doNotContact = doNotContact
        self.recordedAt = recordedAt
    }
}

/// Stored events (the offset is the key): version 1, CRC32C-sealed.
enum ChangeEventCodec: ValueCodec {
    static func encode(_ event: ChangeEvent, into bytes: inout [UInt8]) {
        var writer = RecordWriter(version: 1, appendingTo: &bytes, capacity: 64)
        writer.fixed(event.id.rawValue)
        writer.u8(event.kind.code)
        writer.u8(event.cause.code)
        writer.u8(event.doNotContact ? 1 : 0)
        writer.fixed(event.instant.microseconds)
        writer.fixed(event.recordedAt.microseconds)
        writer.string(event.externalID)
        writer.optionalString(event.from)
        writer.optionalString(event.to)
        writer.seal(into: &bytes)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> ChangeEvent {
        var reader = try RecordReader(bytes, versions: 1...1)
        let id: UInt64 = try reader.fixed()
        let kind = Int(try reader.u8())
        let cause = Int(try reader.u8())
        let dnc = try reader.u8()
        let instant: Int64 = try reader.fixed()
        let recorded: Int64 = try reader.fixed()
        let customer = try reader.string()
        let from = try reader.optionalString()
        let to = try reader.optionalString()
        try reader.finish()
        guard ChangeEvent.Kind.allCases.indices.contains(kind), ChangeEvent.Cause.allCases.indices.contains(cause),
              dnc <= 1 else {
            throw ClienteleError.corrupted(table: "feed_events", reason: "unknown event kind or cause")
        }
        return ChangeEvent(
            offset: 0, externalID: customer, id: CustomerID(rawValue: id), kind: ChangeEvent.Kind.allCases[kind],
            from: from, to: to, instant: Instant(microseconds: instant), cause: ChangeEvent.Cause.allCases[cause],
            doNotContact: dnc == 1, recordedAt: Instant(microseconds: recorded))
    }
}

extension ChangeEvent.Kind {
    /// The stored code: the case's index in `allCases` (what `ChangeEventCodec.decode` reads), without building it.
    var code: UInt8 {
        switch self {
        case .status: 0
        case .segment: 1
        case .erased: 2
        }
    }
}

extension ChangeEvent.Cause {
    /// The stored code: the case's index in `allCases` (what `ChangeEventCodec.decode` reads), without building it.
    var code: UInt8 {
        switch self {
        case .purchase: 0
        case .refund: 1
        case .time: 2
        case .sweep: 3
        case .erasure: 4
        }
    }
}
