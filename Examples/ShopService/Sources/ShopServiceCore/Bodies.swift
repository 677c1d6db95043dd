import Clientele

/// `POST /purchases`: `{"customerID":"c-1","orderID":"o-9","amount":"24.50","occurredAt":"2026-12-07T10:00:00Z",
/// "category":"books","email":"ann@example.com"}`. `amount` is a decimal string at the store's scale; `occurredAt`
/// (ISO-8601) defaults to now; `category`, `email` and `name` are optional.
struct PurchaseBody: Decodable {
    var customerID: String
    var orderID: String
    var amount: Money
    var occurredAt: Instant?
    var category: String?
    var email: String?
    var name: String?
}

/// The answer to `POST /purchases`.
struct PurchaseAnswer: Encodable {
    var customerID: String
    var id: CustomerID
    /// `recorded` or `duplicate` (the order id was already stored with the same customer and amount).
    var outcome: String
    var createdCustomer: Bool
}

/// The answer to `GET /customers/{id}`: the profile, RFM scores, segment and status, and P(alive) from the
/// purchase model fitted at startup (nil until a model could be fitted, or for a customer without purchases).
struct CustomerAnswer: Encodable {
    var customer: Customer
    var rfm: CustomerRFM?
    var probabilityAlive: Double?
    /// The observation end of the model behind `probabilityAlive`.
    var modelObservationEnd: Instant?
}

/// One entry of a contact list.
struct Contact: Encodable {
    var customerID: String
    var id: CustomerID
    var email: String?
    var phone: String?
    var name: String?
    var scores: RFMScores
}

/// The answer to `GET /segments/{name}/contacts`: a page of the segment's contactable members; `next` is the
/// cursor for `?after=` (nil on the last page).
struct ContactPage: Encodable {
    var segment: String
    var contacts: [Contact]
    var next: UInt64?
}

/// The answer to `GET /health`: the service is up, and how many `GET /events?follow=true` streams are open.
struct HealthAnswer: Encodable {
    var status = "ok"
    var followStreams: Int
}
