import Engine
import Foundation
import Logging
import PostgresNIO
import Testing

/// The test server from `scripts/postgres_test_server.sh`, found through `MQA_TEST_POSTGRES_URL`.
/// Every test gets a database of its own (`mqa_test_…`, made by the CREATEDB role and dropped after).
enum TestPostgres {
    static let url = ProcessInfo.processInfo.environment["MQA_TEST_POSTGRES_URL"]
    static let isConfigured = url != nil
    static let skipReason: Comment =
        "MQA_TEST_POSTGRES_URL is not set (start one with scripts/postgres_test_server.sh start DIR)"

    static let logger: Logger = {
        var logger = Logger(label: "EnginePostgresTests")
        logger.logLevel = .critical
        return logger
    }()

    static func serverLocation(_ url: String? = url) throws -> PostgresLocation {
        guard case .postgres(let location) = try DatabaseLocation.parse(try #require(url)) else {
            throw StoreError("MQA_TEST_POSTGRES_URL is not a postgres:// URL")
        }
        return location
    }

    /// Runs `body` with a fresh database on the server at `url`, dropped afterwards.
    static func withDatabase(
        url: String? = url, _ body: (PostgresLocation) async throws -> Void
    ) async throws {
        let server = try serverLocation(url)
        var location = server
        location.database = "mqa_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        try await admin(server, "CREATE DATABASE \(location.database)")
        do {
            try await body(location)
        } catch {
            try? await admin(server, "DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)")
            throw error
        }
        try await admin(server, "DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)")
    }

    /// Runs one statement on its own connection (CREATE/DROP DATABASE cannot run in a transaction).
    static func admin(_ location: PostgresLocation, _ sql: String) async throws {
        try await withConnection(location) { connection in
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }

    /// Rows of one query on its own connection, decoded as `T`.
    static func values<T: PostgresDecodable & Sendable>(
        _ location: PostgresLocation, _ sql: String, as type: T.Type
    ) async throws -> [T] {
        try await withConnection(location) { connection in
            var values: [T] = []
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(
                T.self)
            {
                values.append(value)
            }
            return values
        }
    }

    /// A connection of its own, closed on every path (postgres-nio asserts it is closed before it goes).
    static func withConnection<T: Sendable>(
        _ location: PostgresLocation, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: .disable),
            id: 1, logger: logger)
        do {
            let value = try await body(connection)
            try? await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
