import Engine
import Foundation
import PostgresNIO

/// Plain-language reasons for postgres-nio's errors, whose own descriptions are deliberately
/// generic. Nothing here reads the password; `scrubbed` removes it anyway should a server ever
/// echo it back.
enum PostgresErrorText {
    /// Why `open` could not reach or log in to the server: names the host, user or database.
    static func connectFailure(_ error: any Error, location: PostgresLocation) -> StoreError {
        let server = "\(location.host):\(location.port)"
        let message: String
        switch error {
        case let error as StoreError:
            message = error.message
        case let error as PSQLError where error.code == .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let text = error.serverInfo?[.message] ?? "no message"
            switch state {
            case "28P01": message = "PostgreSQL refused the password for user \(location.user)"
            case "28000": message = "PostgreSQL at \(server) refused user \(location.user): \(text)"
            case "3D000": message = "PostgreSQL at \(server): \(text)"
            default: message = "PostgreSQL at \(server) refused the connection: \(text) (SQLSTATE \(state))"
            }
        case let error as PSQLError where error.code == .authMechanismRequiresPassword:
            message = "PostgreSQL at \(server) wants a password for user \(location.user) and none was given"
        case let error as PSQLError where error.code == .sslUnsupported:
            message = "PostgreSQL at \(server) does not offer TLS, which sslmode=require demands"
        case let error as PSQLError where error.code == .connectionError:
            message = "cannot connect to PostgreSQL at \(server): \(network(error.underlying))"
        default:
            message = "cannot connect to PostgreSQL at \(server): \(describe(error))"
        }
        return StoreError(scrubbed(message, password: location.password))
    }

    /// A failed statement's reason: the server's message and SQLSTATE, or what broke the connection.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as StoreError:
            return error.message
        case let error as PSQLError where error.code == .server:
            let text = error.serverInfo?[.message] ?? "no message"
            return "\(text) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
        case let error as PSQLError where error.code == .connectionError:
            return "the connection failed: \(network(error.underlying))"
        case let error as PSQLError:
            return "PostgreSQL connection error (\(error.code))"
        default:
            return String(describing: error)
        }
    }

    /// What the server says of its storage: `disk_full` (53100), or read-only (25006: a standby,
    /// or `default_transaction_read_only`) or failing (58030 `io_error`); or that it is away: the
    /// connection failed or closed (by the server, or by the client once the server dropped it,
    /// as a restart does), or the server is shutting down or starting (57P01–57P03, class 08).
    /// Nil otherwise.
    static func fault(of error: any Error) -> StorageFault? {
        guard let error = error as? PSQLError else { return nil }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown: return .unreachable
        case .server: break
        default: return nil
        }
        switch error.serverInfo?[.sqlState] {
        case "53100": return .full
        case "25006", "58030": return .unwritable
        case "57P01", "57P02", "57P03": return .unreachable
        case let state? where state.hasPrefix("08"): return .unreachable
        default: return nil
        }
    }

    private static func network(_ error: (any Error)?) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return network(first.error) }
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "the host name cannot be resolved" }
            return "no address to connect to"
        case let error as IOError where error.errnoCode == ECONNREFUSED:
            return "connection refused"
        case let error as IOError:
            return error.description
        case let error as ChannelError:
            if case .connectTimeout = error { return "no answer within \(PostgresConnectionConfig.connectTimeout)" }
            return String(describing: error)
        case let error?:
            return String(describing: error)
        case nil:
            return "unknown network error"
        }
    }

    static func scrubbed(_ message: String, password: String?) -> String {
        guard let password, !password.isEmpty else { return message }
        return message.replacingOccurrences(of: password, with: "***")
    }
}
