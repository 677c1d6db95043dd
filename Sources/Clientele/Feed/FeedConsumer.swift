import LMDBKit

/// A named, durable reading position in the change feed.
public struct FeedConsumer: Sendable, Hashable, Codable {
    /// The consumer's name.
    public var name: String
    /// The last offset it acknowledged (0: none); reading resumes after it.
    public var acknowledged: UInt64
    /// Events older than this many seconds (by `ChangeEvent.recordedAt`) may be pruned even when this consumer has
    /// not acknowledged them; nil: kept until acknowledged.
    public var horizonSeconds: Int64?

    /// A consumer position (the store makes them; see `StoreWriter.registerConsumer(_:)`).
    public init(name: String, acknowledged: UInt64 = 0, horizonSeconds: Int64? = nil) {
        self.name = name
        self.acknowledged = acknowledged
        self.horizonSeconds = horizonSeconds
    }

    /// Stored form: the offset and the horizon (−1: none), big-endian.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        UInt64Value.encode(acknowledged, into: &bytes)
        Int64Value.encode(horizonSeconds ?? -1, into: &bytes)
        return bytes
    }

    init(name: String, decoding bytes: [UInt8]) throws {
        guard bytes.count == 16 else {
            throw ClienteleError.corrupted(table: "feed_consumers", reason: "a record of \(bytes.count) bytes, not 16")
        }
        self.name = name
        acknowledged = try bytes[0..<8].withUnsafeBytes { try UInt64Value.decode($0) }
        let horizon = try bytes[8..<16].withUnsafeBytes { try Int64Value.decode($0) }
        horizonSeconds = horizon < 0 ? nil : horizon
    }
}

extension StoreReader {
    /// Up to `limit` events after `offset`, in offset order.
    /// - Throws: `ClienteleError.corrupted` for a damaged event; `.storage`.
    public func events(after offset: UInt64, limit: Int = 1000) throws -> [ChangeEvent] {
        guard offset < UInt64.max else { return [] }
        var events: [ChangeEvent] = []
        let bounds = try schema.feedEvents.bounds(from: offset + 1)
        try schema.feedEvents.scan(in: txn, over: bounds) { key, event in
            var event = event
            event.offset = key
            events.append(event)
            return events.count < max(limit, 1)
        }
        return events
    }

    /// The consumer named `name`, or nil when it was never used.
    /// - Throws: `ClienteleError.corrupted`; `.storage`.
    public func consumer(_ name: String) throws -> FeedConsumer? {
        let name = Identifiers.canonical(name)
        return try schema.feedConsumers.get(name, in: txn).map { try FeedConsumer(name: name, decoding: $0) }
    }

    /// Every consumer, by name.
    /// - Throws: `ClienteleError.corrupted`; `.storage`.
    public func consumers() throws -> [FeedConsumer] {
        var result: [FeedConsumer] = []
        try schema.feedConsumers.scan(in: txn) { name, bytes in
            result.append(try FeedConsumer(name: name, decoding: bytes))
            return true
        }
        return result
    }

    /// The offset of the last event written (0: none yet).
    /// - Throws: `.storage`.
    public func lastEventOffset() throws -> UInt64 { try schema.meta.counter(.feedSequence, in: txn) }
}

extension StoreWriter {
    /// Creates the consumer when it does not exist (acknowledged 0); returns it.
    /// - Throws: `ClienteleError.invalidInput` for an empty or over-long name; `.storage`.
    @discardableResult
    public func registerConsumer(_ name: String) throws -> FeedConsumer {
        let name = Identifiers.canonical(name)
        try Validation.label(name, field: "consumer")
        if let existing = try schema.feedConsumers.get(name, in: txn) { return try FeedConsumer(name: name, decoding: existing) }
        let made = FeedConsumer(name: name)
        try schema.feedConsumers.put(made.encoded(), for: name, in: txn)
        return made
    }

    /// Records that `consumer` has handled every event up to `offset` (creating the consumer when new); an offset
    /// at or below the acknowledged one changes nothing. Then prunes what no consumer needs (`pruneEvents`).
    /// - Throws: `ClienteleError.invalidInput` for a bad name or an offset past the last event; `.storage`.
    public func acknowledge(consumer name: String, through offset: UInt64) throws {
        var consumer = try registerConsumer(name)
        guard offset <= (try schema.meta.counter(.feedSequence, in: txn)) else {
            throw ClienteleError.invalidInput(field: "offset", reason: "is past the last event")
        }
        guard offset > consumer.acknowledged else { return }
        consumer.acknowledged = offset
        try schema.feedConsumers.put(consumer.encoded(), for: consumer.name, in: txn)
        _ = try pruneEvents(now: .now)
    }

    /// Sets the consumer's retention horizon in seconds (nil: keep events until it acknowledges them).
    /// - Throws: `ClienteleError.invalidInput` for a bad name or a negative horizon; `.storage`.
    public func setRetention(consumer name: String, horizonSeconds: Int64?) throws {
        if let horizonSeconds, horizonSeconds < 0 {
            throw ClienteleError.invalidInput(field: "horizon", reason: "must not be negative")
        }
        var consumer = try registerConsumer(name)
        consumer.horizonSeconds = horizonSeconds
        try schema.feedConsumers.put(consumer.encoded(), for: consumer.name, in: txn)
    }

    /// Removes a consumer (its position is forgotten); returns whether it existed.
    /// - Throws: `.storage`.
    @discardableResult
    public func removeConsumer(_ name: String) throws -> Bool {
        try schema.feedConsumers.delete(Identifiers.canonical(name), in: txn)
    }

    /// Deletes, oldest first, the events every consumer is done with: acknowledged by it, or recorded longer ago
    /// than its horizon. With no consumer nothing is pruned. At most `limit` events per call. Returns how many.
    /// - Throws: `ClienteleError.corrupted`; `.storage`.
    @discardableResult
    public func pruneEvents(now: Instant = .now, limit: Int = 100_000) throws -> Int {
        let consumers = try reader.consumers()
        guard !consumers.isEmpty else { return 0 }
        var doomed: [UInt64] = []
        try schema.feedEvents.scan(in: txn) { offset, event in
            for consumer in consumers where offset > consumer.acknowledged {
                guard let horizon = consumer.horizonSeconds else { return false }
                let (cutoff, overflow) = now.microseconds.subtractingReportingOverflow(horizon &* 1_000_000)
                if overflow || event.recordedAt.microseconds >= cutoff { return false }
            }
            doomed.append(offset)
            return doomed.count < limit
        }
        for offset in doomed { try schema.feedEvents.delete(offset, in: txn, buffer: &scratch) }
        return doomed.count
    }
}
