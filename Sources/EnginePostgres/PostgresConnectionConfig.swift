import Engine
import PostgresNIO

/// Turns a `PostgresLocation` into postgres-nio's client and connection settings.
enum PostgresConnectionConfig {
    /// A refused or unreachable server fails within this, instead of hanging an `open`.
    static let connectTimeout: Duration = .seconds(5)
    /// The writer holds one connection per batch and reads take the rest; a node needs few.
    static let maximumConnections = 8

    static func client(_ location: PostgresLocation) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database,
            tls: location.requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.connectTimeout = connectTimeout
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }

    /// For a connection of its own (the listener, the first check of `open`).
    static func connection(_ location: PostgresLocation) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        if location.requireTLS {
            do {
                tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            } catch {
                throw StoreError("cannot set up TLS for PostgreSQL at \(location.host):\(location.port): \(error)")
            }
        } else {
            tls = .disable
        }
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: tls)
        configuration.options.connectTimeout = .seconds(connectTimeout.components.seconds)
        return configuration
    }
}
