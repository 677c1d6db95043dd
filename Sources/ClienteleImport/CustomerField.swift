/// The fields of a customer row, and the CSV column each one is read from by default.
///
/// The default layout is `customer_id,email,phone,name,city,signup_at`; the optional columns `birth_date`,
/// `gender`, `tags` (separated by `;`) and `do_not_contact` (`true`/`false`, `yes`/`no`, `1`/`0`) are recognized
/// too. Every other column becomes an attribute named after its header.
public enum CustomerField: String, Sendable, Hashable, CaseIterable {
    /// The customer's external id. Required.
    case customerID = "customer_id"
    /// The email address.
    case email
    /// The phone number.
    case phone
    /// The name.
    case name
    /// The city.
    case city
    /// When the customer signed up: a date or date-time, as purchase dates.
    case signupAt = "signup_at"
    /// The date of birth (a date).
    case birthDate = "birth_date"
    /// Gender, as the business records it.
    case gender
    /// Tags to add, separated by `;`.
    case tags
    /// The do-not-contact flag: `true`/`false`, `yes`/`no`, `1`/`0`; empty keeps the stored value.
    case doNotContact = "do_not_contact"

    /// Whether a file must have a column for this field.
    public var isRequired: Bool { self == .customerID }

    /// The field the library names in `ClienteleError.invalidInput(field:reason:)`.
    static func named(_ libraryField: String) -> CustomerField? {
        switch libraryField {
        case "customer_id", "customer": .customerID
        case "email": .email
        case "tag": .tags
        default: CustomerField(rawValue: libraryField)
        }
    }
}
