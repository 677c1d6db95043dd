import Clientele
import Foundation
import Hummingbird

/// The service's routes over one open store.
struct Routes: Sendable {
    let store: Store
    let models: ModelHolder
    let encoder: JSONEncoder
    let decoder: JSONDecoder
    let followHeartbeat: Duration
    let followStreams = FollowStreamCount()

    init(store: Store, models: ModelHolder, followHeartbeat: Duration = .seconds(1)) {
        self.store = store
        self.models = models
        self.followHeartbeat = followHeartbeat
        encoder = store.jsonEncoder()
        decoder = store.jsonDecoder()
    }

    func add(to router: Router<BasicRequestContext>) {
        router.post("/purchases") { request, _ in await self.answer { try await self.record(request) } }
        router.get("/customers/:id") { _, context in
            await self.answer { try await self.customer(try context.parameters.require("id")) }
        }
        router.get("/segments/:name/contacts") { request, context in
            await self.answer { try await self.contacts(try context.parameters.require("name"), request.uri.queryParameters) }
        }
        router.get("/health") { _, _ in await self.answer { (.ok, HealthAnswer(followStreams: self.followStreams.current)) } }
        EventRoutes(store: store, encoder: encoder, heartbeat: followHeartbeat, followStreams: followStreams)
            .add(to: router, answer: self)
    }

    /// Runs a handler and turns its value or error into a JSON response.
    func answer(_ body: () async throws -> (HTTPResponse.Status, any Encodable)) async -> Response {
        do {
            let (status, value) = try await body()
            return json(status, try encoder.encode(value))
        } catch {
            let failure = APIError.from(error)
            return json(failure.status, (try? encoder.encode(failure)) ?? Data("{\"error\":\"internal\"}".utf8))
        }
    }

    func json(_ status: HTTPResponse.Status, _ data: Data) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `POST /purchases`: upserts the customer and records the purchase in one transaction (group commit).
    func record(_ request: Request) async throws -> (HTTPResponse.Status, any Encodable) {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let body = try decoder.decode(PurchaseBody.self, from: Data(buffer.readableBytesView))
        let purchase = Purchase(customer: body.customerID, orderID: body.orderID, occurredAt: body.occurredAt ?? .now,
                                amount: body.amount, category: body.category)
        let update = CustomerUpdate(externalID: body.customerID, email: body.email, name: body.name)
        let (id, outcome) = try await store.record(purchase, upserting: update)
        let answer: PurchaseAnswer
        switch outcome {
        case .recorded(let created):
            answer = PurchaseAnswer(customerID: body.customerID, id: id, outcome: "recorded", createdCustomer: created)
        case .duplicate:
            answer = PurchaseAnswer(customerID: body.customerID, id: id, outcome: "duplicate", createdCustomer: false)
        }
        return (answer.outcome == "recorded" ? .created : .ok, answer)
    }

    /// `GET /customers/{id}`: profile, scores, segment, status and P(alive), from one snapshot.
    func customer(_ externalID: String) async throws -> (HTTPResponse.Status, any Encodable) {
        let fitted = models.current
        let found = try await store.read { reader -> (CustomerProfile, CustomerRFM?, SummaryRow?)? in
            guard let profile = try reader.profile(externalID: externalID) else { return nil }
            let rfm = try reader.customerRFM(externalID: externalID)
            let summary = fitted == nil ? nil : try reader.customerSummary(externalID: externalID)
            return (profile, rfm, summary)
        }
        guard let (profile, rfm, summary) = found else { throw ClienteleError.customerNotFound }
        var alive: Double?
        if let fitted, let summary {
            alive = try? fitted.alive.probabilityAlive(x: summary.frequency, tx: summary.recency, T: summary.T)
        }
        return (.ok, CustomerAnswer(customer: profile.customer, rfm: rfm, probabilityAlive: alive,
                                    modelObservationEnd: alive == nil ? nil : fitted?.model.observationEnd))
    }

    /// `GET /segments/{name}/contacts?limit=100&after=ID`: the segment's members without the do-not-contact ones.
    func contacts(_ name: String, _ query: Parameters) async throws -> (HTTPResponse.Status, any Encodable) {
        // The path segment arrives percent-encoded ("At%20Risk"): segment names have spaces.
        let name = name.removingPercentEncoding ?? name
        guard SegmentMap.standard.names.contains(name) else {
            throw APIError(.notFound, "segment.notFound", "no segment of that name")
        }
        var limit = 100
        if let text = query["limit"] {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw APIError(.badRequest, "request.invalidField", "limit must be 1...1000")
            }
            limit = value
        }
        var after: CustomerID?
        if let text = query["after"] {
            guard let value = UInt64(text) else { throw APIError(.badRequest, "request.invalidField", "after must be a customer number") }
            after = CustomerID(rawValue: value)
        }
        let (pageSize, cursor) = (limit, after)
        let contacts = try await store.read { reader -> [Contact] in
            try reader.segmentMembers(name, limit: pageSize, after: cursor, includeDoNotContact: false).compactMap { member in
                guard let customer = try reader.profile(id: member.id)?.customer, !customer.doNotContact else { return nil }
                return Contact(customerID: member.externalID, id: member.id, email: customer.email,
                               phone: customer.phone, name: customer.name, scores: member.scores)
            }
        }
        let next = contacts.count == limit ? contacts.last?.id.rawValue : nil
        return (.ok, ContactPage(segment: name, contacts: contacts, next: next))
    }
}
