import Logging
import PostgresNIO

extension PostgresConnection {
    /// BEGIN … COMMIT around `body`, rolled back when it throws. Unlike postgres-nio's
    /// `withTransaction`, the body's own error comes out as is, so messages name the real cause.
    func inTransaction<Value>(
        logger: Logger, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> sending Value
    ) async throws -> sending Value {
        try await query("BEGIN", logger: logger)
        do {
            let value = try await body()
            try await query("COMMIT", logger: logger)
            return value
        } catch {
            // A broken connection cannot roll back; the pool drops it and the server aborts the transaction.
            _ = try? await query("ROLLBACK", logger: logger)
            throw error
        }
    }
}
