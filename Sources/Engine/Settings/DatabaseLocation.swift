import Foundation

/// Where tasks are stored: a SQLite file (or `:memory:`), or a PostgreSQL server for a cluster.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// Reads the `database` setting. `password` (from `MQA_DATABASE_PASSWORD`) is used when the
    /// URL carries none. No message ever shows the password.
    public static func parse(_ value: String, password: String? = nil) throws -> DatabaseLocation {
        let lowered = value.lowercased()
        guard lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") else {
            return .sqlite(path: value)
        }
        return .postgres(try PostgresLocation(url: value, password: password))
    }

    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.description
        }
    }
}

/// A PostgreSQL server from `postgres://USER:PASSWORD@HOST:PORT/DB` (`?sslmode=require` for TLS).
/// `description` leaves the password out, so the location can be logged and printed.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    /// `sslmode=require`: the connection must use TLS.
    public var requireTLS: Bool

    public init(user: String, password: String?, host: String, port: Int, database: String, requireTLS: Bool) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.requireTLS = requireTLS
    }

    init(url: String, password fallbackPassword: String?) throws {
        func problem(_ text: String) -> SettingsError {
            SettingsError("invalid database URL (postgres://USER:PASSWORD@HOST:PORT/DB): \(text)")
        }
        guard let components = URLComponents(string: url) else {
            throw problem(
                "it is not a well-formed URL (characters such as @ / : in the password must be percent-encoded)")
        }
        guard let user = components.user, !user.isEmpty else { throw problem("the user name is missing") }
        guard let host = components.host, !host.isEmpty else { throw problem("the host is missing") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw problem("the database name (after the last /) is missing") }
        guard !database.contains("/") else { throw problem("the database name must not contain /") }
        if let port = components.port, !(1...65_535).contains(port) {
            throw problem("the port must be from 1 to 65535")
        }
        var requireTLS = false
        for item in components.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", "require"), ("sslmode", "verify-full"): requireTLS = true
            case ("sslmode", "disable"), ("sslmode", "prefer"), ("sslmode", "allow"): requireTLS = false
            case ("sslmode", let mode):
                throw problem("sslmode \"\(mode)\" is not one of disable, prefer, require, verify-full")
            default: throw problem("unknown parameter \"\(item.name)\" (only sslmode is understood)")
            }
        }
        self.init(
            user: user, password: components.password.flatMap { $0.isEmpty ? nil : $0 } ?? fallbackPassword,
            host: host, port: components.port ?? 5432, database: database, requireTLS: requireTLS)
    }

    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)\(requireTLS ? "?sslmode=require" : "")"
    }
}
