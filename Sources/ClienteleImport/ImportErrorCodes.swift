import Foundation

// Stable codes and LocalizedError conformances of the import errors (see docs/errors.md). Each
// `errorDescription` is the `description`, which names lines, columns and reasons but never a field's value.

extension AmountError: LocalizedError {
    /// A stable code per case (`amount.invalidCharacter`, …).
    public var stableCode: String {
        switch self {
        case .empty: return "amount.empty"
        case .invalidCharacter: return "amount.invalidCharacter"
        case .unexpectedSeparator: return "amount.unexpectedSeparator"
        case .missingIntegerDigits: return "amount.missingIntegerDigits"
        case .missingFractionDigits: return "amount.missingFractionDigits"
        case .tooManyFractionDigits: return "amount.tooManyFractionDigits"
        case .overflow: return "amount.overflow"
        }
    }
    /// The description.
    public var errorDescription: String? { description }
}

extension TimestampError: LocalizedError {
    /// A stable code per case (`timestamp.invalidFormat`, …).
    public var stableCode: String {
        switch self {
        case .empty: return "timestamp.empty"
        case .invalidFormat: return "timestamp.invalidFormat"
        case .yearOutOfRange: return "timestamp.yearOutOfRange"
        case .invalidMonth: return "timestamp.invalidMonth"
        case .invalidDay: return "timestamp.invalidDay"
        case .invalidHour: return "timestamp.invalidHour"
        case .invalidMinute: return "timestamp.invalidMinute"
        case .invalidSecond: return "timestamp.invalidSecond"
        case .tooManyFractionDigits: return "timestamp.tooManyFractionDigits"
        case .missingTimeZoneOffset: return "timestamp.missingTimeZoneOffset"
        case .invalidOffset: return "timestamp.invalidOffset"
        case .outOfRange: return "timestamp.outOfRange"
        }
    }
    /// The description.
    public var errorDescription: String? { description }
}

extension ConfigurationError: LocalizedError {
    /// A stable code per case (`configuration.invalidScale`, …).
    public var stableCode: String {
        switch self {
        case .invalidDelimiter: return "configuration.invalidDelimiter"
        case .limitOutOfRange: return "configuration.limitOutOfRange"
        case .invalidScale: return "configuration.invalidScale"
        case .invalidUTCOffset: return "configuration.invalidUTCOffset"
        case .invalidYearRange: return "configuration.invalidYearRange"
        }
    }
    /// The description.
    public var errorDescription: String? { description }
}

extension CSVHeaderError: LocalizedError {
    /// A stable code per case (`csvHeader.missingColumn`, …).
    public var stableCode: String {
        switch self {
        case .missingHeader: return "csvHeader.missingHeader"
        case .duplicateName: return "csvHeader.duplicateName"
        case .missingColumn: return "csvHeader.missingColumn"
        case .ambiguousColumn: return "csvHeader.ambiguousColumn"
        }
    }
    /// The description.
    public var errorDescription: String? { description }
}

extension MappingError: LocalizedError {
    /// A stable code per case (`mapping.unknownField`, …).
    public var stableCode: String {
        switch self {
        case .malformed: return "mapping.malformed"
        case .unknownField: return "mapping.unknownField"
        case .emptyColumn: return "mapping.emptyColumn"
        case .duplicateField: return "mapping.duplicateField"
        }
    }
    /// The description.
    public var errorDescription: String? { description }
}

extension CSVError: LocalizedError {
    /// A stable code per reason (`csv.unterminatedQuote`, …).
    public var stableCode: String {
        switch reason {
        case .unterminatedQuote: return "csv.unterminatedQuote"
        case .unexpectedQuote: return "csv.unexpectedQuote"
        case .garbageAfterClosingQuote: return "csv.garbageAfterClosingQuote"
        case .invalidUTF8: return "csv.invalidUTF8"
        case .nulByte: return "csv.nulByte"
        case .fieldTooLong: return "csv.fieldTooLong"
        case .recordTooLong: return "csv.recordTooLong"
        case .tooManyFields: return "csv.tooManyFields"
        case .tooManyRecords: return "csv.tooManyRecords"
        case .bareCarriageReturn: return "csv.bareCarriageReturn"
        case .wrongFieldCount: return "csv.wrongFieldCount"
        case .io: return "csv.io"
        }
    }
    /// The description.
    public var errorDescription: String? { description }
}

extension ByteSourceError: LocalizedError {
    /// A stable code per operation (`byteSource.open`, `byteSource.read`, …).
    public var stableCode: String { "byteSource." + operation.rawValue }
    /// The description.
    public var errorDescription: String? { description }
}

extension RowIssue: LocalizedError {
    /// The stable code `import.rowIssue`.
    public var stableCode: String { "import.rowIssue" }
    /// The description.
    public var errorDescription: String? { description }
}

extension ImportError: LocalizedError {
    /// A stable code per kind (`import.badInput`, `import.unreadable`, `import.store`, `import.rejects`).
    public var stableCode: String {
        switch kind {
        case .badInput: return "import.badInput"
        case .unreadable: return "import.unreadable"
        case .store: return "import.store"
        case .rejects: return "import.rejects"
        }
    }
    /// The description.
    public var errorDescription: String? { description }
}
