import Engine
import GRDB

/// Tells a process when another process changed the database file: SQLite bumps a connection's
/// `PRAGMA data_version` whenever another connection commits. One cheap pragma every 100 ms on a
/// connection of its own, instead of querying for new work.
enum SQLiteChangeWatcher {
    static let interval: Duration = .milliseconds(100)

    static func watch(path: String) -> AsyncStream<StoreSignal> {
        let (stream, continuation) = AsyncStream<StoreSignal>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let poller = Task {
            // A file that cannot be opened here was opened by the store a moment ago; should it
            // fail now, the node still works alone (its own writes wake it) and says so.
            guard let connection = try? DatabaseQueue(path: path) else {
                continuation.finish()
                return
            }
            var seen: Int?
            while !Task.isCancelled {
                if let version = try? connection.inDatabase({ db in try Int.fetchOne(db, sql: "PRAGMA data_version") })
                {
                    if let seen, seen != version { continuation.yield(.changed) }
                    seen = version
                }
                try? await Task.sleep(for: interval)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in poller.cancel() }
        return stream
    }

    /// An in-memory database has no other process to hear from.
    static func none() -> AsyncStream<StoreSignal> {
        AsyncStream { _ in }
    }
}
