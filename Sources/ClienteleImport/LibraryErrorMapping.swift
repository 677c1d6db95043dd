import Clientele

/// A library error seen as a row problem.
protocol ClienteleErrorView: Error {
    func rowIssue(line: Int, column: (String) -> String?) -> RowIssue?
}

extension ClienteleError: ClienteleErrorView {
    /// The row issue for errors caused by the row's values, mapped to the column that fed the field; `nil` for
    /// store failures (I/O, damage), which stop the import whatever the mode.
    func rowIssue(line: Int, column: (String) -> String?) -> RowIssue? {
        switch self {
        case .invalidInput(let field, let reason):
            return RowIssue(line: line, column: column(field) ?? field, reason: reason)
        case .overflow(let field):
            return RowIssue(
                line: line, column: column(field) ?? column("amount"),
                reason: "the customer's \(field) would overflow the range of 64-bit minor units")
        case .unknownCustomer, .customerNotFound:
            return RowIssue(line: line, column: column("customer_id"), reason: description)
        case .orderConflict:
            return RowIssue(line: line, column: column("order_id"), reason: description)
        case .refundTargetInvalid(let reason):
            return RowIssue(line: line, column: column("refund_of"), reason: "invalid refund: \(reason)")
        case .refundRejected(let rule):
            let field = switch rule {
            case .exceedsRemaining: "amount"
            case .predatesOrder: "occurred_at"
            case .refundsARefund: "refund_of"
            }
            return RowIssue(line: line, column: column(field) ?? column("refund_of"), reason: description)
        default:
            // .storage, .corrupted, .notAClienteleStore, .storeMissing and anything added later: not the row's fault.
            return nil
        }
    }
}
