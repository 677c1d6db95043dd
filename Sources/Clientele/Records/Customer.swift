import Foundation
import LMDBKit

/// A customer's profile.
public struct Customer: Sendable, Hashable, Codable {
    /// The business's own id for the customer (required, unique, at most 256 bytes of UTF-8).
    public var externalID: String
    /// The email address as given; it is also indexed in normalized form (trimmed, lowercased).
    public var email: String?
    /// The phone number.
    public var phone: String?
    /// The customer's name.
    public var name: String?
    /// The city.
    public var city: String?
    /// The date of birth.
    public var birthDate: Day?
    /// Gender, as the business records it.
    public var gender: String?
    /// When the customer signed up.
    public var signupAt: Instant?
    /// Free-form attributes.
    public var attributes: [String: String]
    /// Tags for marketing lists (for example `advocate`, `toxic`).
    public var tags: Set<String>
    /// Whether every list and export leaves the customer out unless the caller explicitly asks.
    public var doNotContact: Bool

    /// A profile with every field given; only `externalID` is required.
    public init(
        externalID: String, email: String? = nil, phone: String? = nil, name: String? = nil, city: String? = nil,
        birthDate: Day? = nil, gender: String? = nil, signupAt: Instant? = nil, attributes: [String: String] = [:],
        tags: Set<String> = [], doNotContact: Bool = false
    ) {
        self.externalID = externalID
        self.email = email
        self.phone = phone
        self.name = name
        self.city = city
        self.birthDate = birthDate
        self.gender = gender
        self.signupAt = signupAt
        self.attributes = attributes
        self.tags = tags
        self.doNotContact = doNotContact
    }

    /// The email in the form the email index uses: surrounding white space removed, lowercased.
    public var normalizedEmail: String? { email.flatMap(Customer.normalize(email:)) }

    /// `email` trimmed, lowercased and in NFC (see ``Identifiers``), or `nil` when nothing is left.
    public static func normalize(email: String) -> String? {
        if Identifiers.isASCII(email) { return normalize(asciiEmail: email) }
        let trimmed = Identifiers.canonical(email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `normalize(email:)` for ASCII text, without Foundation: the same white space (tab, line feed, vertical tab,
    /// form feed, carriage return, space) and the same lowercasing, and ASCII is already NFC.
    private static func normalize(asciiEmail email: String) -> String? {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        func isUpper(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) }
        let utf8 = email.utf8
        guard let first = utf8.firstIndex(where: { !isSpace($0) }),
              let last = utf8.lastIndex(where: { !isSpace($0) }) else { return nil }
        let trimmed = utf8[first...last]
        if trimmed.count == utf8.count, !trimmed.contains(where: isUpper) { return email }
        return String(decoding: trimmed.map { isUpper($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}

/// A partial update of a customer: `nil` fields keep their stored value.
///
/// ```swift
/// try store.upsertCustomer(CustomerUpdate(externalID: "c-17", email: "ada@example.com"))
/// ```
public struct CustomerUpdate: Sendable, Hashable {
    /// Which customer: created when no customer has this id.
    public var externalID: String
    /// The new email address.
    public var email: String?
    /// The new phone number.
    public var phone: String?
    /// The new name.
    public var name: String?
    /// The new city.
    public var city: String?
    /// The new date of birth.
    public var birthDate: Day?
    /// The new gender.
    public var gender: String?
    /// The new sign-up instant.
    public var signupAt: Instant?
    /// Attributes to set (merged into the stored ones).
    public var attributes: [String: String]
    /// Tags to add.
    public var addTags: Set<String>
    /// When not `nil`, the new do-not-contact flag.
    public var doNotContact: Bool?

    /// An update of customer `externalID`; every field left `nil` (or empty) keeps its stored value.
    public init(
        externalID: String, email: String? = nil, phone: String? = nil, name: String? = nil, city: String? = nil,
        birthDate: Day? = nil, gender: String? = nil, signupAt: Instant? = nil, attributes: [String: String] = [:],
        addTags: Set<String> = [], doNotContact: Bool? = nil
    ) {
        self.externalID = externalID
        self.email = email
        self.phone = phone
        self.name = name
        self.city = city
        self.birthDate = birthDate
        self.gender = gender
        self.signupAt = signupAt
        self.attributes = attributes
        self.addTags = addTags
        self.doNotContact = doNotContact
    }

    /// Applies the update to `customer`.
    func apply(to customer: inout Customer) {
        if let email { customer.email = email }
        if let phone { customer.phone = phone }
        if let name { customer.name = name }
        if let city { customer.city = city }
        if let birthDate { customer.birthDate = birthDate }
        if let gender { customer.gender = gender }
        if let signupAt { customer.signupAt = signupAt }
        for (key, value) in attributes { customer.attributes[key] = value }
        customer.tags.formUnion(addTags)
        if let doNotContact { customer.doNotContact = doNotContact }
    }
}

/// Stored customer records: version 1, CRC32C-sealed.
enum CustomerCodec: ValueCodec {
    static func encode(_ customer: Customer, into bytes: inout [UInt8]) {
        var writer = RecordWriter(version: 1, appendingTo: &bytes, capacity: 128)
        writer.string(customer.externalID)
        writer.optionalString(customer.email)
        writer.optionalString(customer.phone)
        writer.optionalString(customer.name)
        writer.optionalString(customer.city)
        writer.u8(customer.birthDate == nil ? 0 : 1)
        if let birth = customer.birthDate { writer.signedVarint(Int64(birth.rawValue)) }
        writer.optionalString(customer.gender)
        writer.u8(customer.signupAt == nil ? 0 : 1)
        if let signup = customer.signupAt { writer.signedVarint(signup.microseconds) }
        writer.varint(UInt64(customer.attributes.count))
        for key in customer.attributes.keys.sorted() {
            writer.string(key)
            writer.string(customer.attributes[key] ?? "")
        }
        writer.varint(UInt64(customer.tags.count))
        for tag in customer.tags.sorted() { writer.string(tag) }
        writer.u8(customer.doNotContact ? 1 : 0)
        writer.seal(into: &bytes)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> Customer {
        var reader = try RecordReader(bytes, versions: 1...1)
        var customer = Customer(externalID: try reader.string())
        customer.email = try reader.optionalString()
        customer.phone = try reader.optionalString()
        customer.name = try reader.optionalString()
        customer.city = try reader.optionalString()
        if try reader.bool() {
            guard let day = Int32(exactly: try reader.signedVarint()) else { throw CodecError("birth date out of range") }
            customer.birthDate = Day(rawValue: day)
        }
        customer.gender = try reader.optionalString()
        if try reader.bool() { customer.signupAt = Instant(microseconds: try reader.signedVarint()) }
        // Keys and tags are stored sorted and unique (the canonical form the encoder writes).
        var previous: String?
        for _ in 0..<(try reader.count(limit: 100_000)) {
            let key = try reader.string()
            guard previous.map({ $0 < key }) ?? true else { throw CodecError("attributes out of order") }
            previous = key
            customer.attributes[key] = try reader.string()
        }
        previous = nil
        for _ in 0..<(try reader.count(limit: 100_000)) {
            let tag = try reader.string()
            guard previous.map({ $0 < tag }) ?? true else { throw CodecError("tags out of order") }
            previous = tag
            customer.tags.insert(tag)
        }
        customer.doNotContact = try reader.bool()
        try reader.finish()
        return customer
    }
}
