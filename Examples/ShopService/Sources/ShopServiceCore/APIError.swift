import Clientele
import Foundation
import Hummingbird

/// An error answer: `{"error": code, "message": text}` with its HTTP status. Messages name fields and reasons, never
/// a customer's data (Clientele's descriptions are written that way).
public struct APIError: Error, Sendable, Encodable {
    public var status: HTTPResponse.Status
    public var error: String
    public var message: String

    public init(_ status: HTTPResponse.Status, _ error: String, _ message: String) {
        self.status = status
        self.error = error
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case error, message }

    /// The answer for any error a handler threw.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as ClienteleError: return from(error)
        case let error as DecodingError: return from(error)
        case is CancellationError: return APIError(.serviceUnavailable, "request.cancelled", "the request was cancelled")
        default: return APIError(.internalServerError, "internal", "internal error")
        }
    }

    static func from(_ error: ClienteleError) -> APIError {
        let status: HTTPResponse.Status
        switch error {
        case .invalidInput, .overflow, .refundTargetInvalid, .refundRejected, .unknownCustomer: status = .badRequest
        case .customerNotFound: status = .notFound
        case .orderConflict: status = .conflict
        case .storeClosed: status = .serviceUnavailable
        default: status = .internalServerError
        }
        return APIError(status, error.stableCode, error.description)
    }

    /// A body that does not decode: 400 naming the field (its coding path) and what was wrong, not the value.
    static func from(_ error: DecodingError) -> APIError {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map(\.stringValue).joined(separator: ".")
            return text.isEmpty ? "body" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            return APIError(.badRequest, "request.missingField", "\(field) is required")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return APIError(.badRequest, "request.invalidField", "\(path(context)) has the wrong type")
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError as? ClienteleError { return from(underlying) }
            return APIError(.badRequest, "request.invalidField",
                            context.codingPath.isEmpty ? "the body is not valid JSON" : "\(path(context)) is not valid")
        @unknown default:
            return APIError(.badRequest, "request.invalidJSON", "the body is not valid JSON")
        }
    }
}
