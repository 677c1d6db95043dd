import ClienteleImport
import Clientele

/// A failure to report on standard error with an exit code.
struct CLIError: Error, CustomStringConvertible {
    var status: ExitStatus
    var message: String
    /// When set, the message is printed as is (no `clientele: error:` prefix), e.g. `FILE:LINE: column NAME: …`.
    var bare = false

    init(_ status: ExitStatus, _ message: String, bare: Bool = false) {
        self.status = status
        self.message = message
        self.bare = bare
    }

    var description: String { message }

    /// The CLI error for any error the libraries throw.
    static func from(_ error: any Error) -> CLIError {
        switch error {
        case let error as CLIError:
            return error
        case let error as ImportError:
            switch error.kind {
            case .badInput: return CLIError(.badInput, error.description, bare: true)
            case .unreadable: return CLIError(.notFound, error.description, bare: true)
            case .store: return CLIError(.store, error.description, bare: true)
            case .rejects: return CLIError(.notFound, error.description, bare: true)
            }
        case let error as ClienteleError:
            switch error {
            case .storeMissing(let path):
                return CLIError(
                    .store, "no store at '\(path)' (use --store DIR or CLIENTELE_STORE; `clientele import` creates one)")
            case .customerNotFound:
                return CLIError(.notFound, "no such customer")
            case .invalidInput:
                return CLIError(.usage, error.description)
            case .storage, .corrupted, .notAClienteleStore, .settingsMismatch, .timeZoneMismatch, .importInProgress:
                return CLIError(.store, error.description)
            default:
                return CLIError(.badInput, error.description)
            }
        case let error as MappingError:
            return CLIError(.usage, error.description)
        default:
            return CLIError(.store, "\(error)")
        }
    }
}
