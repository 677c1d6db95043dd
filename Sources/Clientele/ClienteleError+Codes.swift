import Foundation

extension ClienteleError: LocalizedError {
    /// A stable code per case (`clientele.orderConflict`, …), for logs, alerts and callers that match on text; see
    /// docs/errors.md.
    public var stableCode: String {
        switch self {
        case .storage: return "clientele.storage"
        case .invalidInput: return "clientele.invalidInput"
        case .overflow: return "clientele.overflow"
        case .unknownCustomer: return "clientele.unknownCustomer"
        case .customerNotFound: return "clientele.customerNotFound"
        case .orderConflict: return "clientele.orderConflict"
        case .refundTargetInvalid: return "clientele.refundTargetInvalid"
        case .corrupted: return "clientele.corrupted"
        case .notAClienteleStore: return "clientele.notAClienteleStore"
        case .storeMissing: return "clientele.storeMissing"
        case .settingsMismatch: return "clientele.settingsMismatch"
        case .timeZoneMismatch: return "clientele.timeZoneMismatch"
        case .storeClosed: return "clientele.storeClosed"
        case .importInProgress: return "clientele.importInProgress"
        case .refundRejected: return "clientele.refundRejected"
        }
    }

    /// The description (so `localizedDescription` says what happened instead of "error N").
    public var errorDescription: String? { description }
}
