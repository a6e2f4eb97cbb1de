import GRDB
import Synchronization

/// Group commit: concurrent writes queue up and are applied together in one transaction, each in
/// its own savepoint so a failing write rolls back alone. One commit then serves many callers,
/// which keeps SQLite from being the bottleneck when thousands of tasks change state per second.
final class WriteBatcher: Sendable {
    private struct PendingWrite: Sendable {
        /// Runs the write inside the open transaction; returns how to resume its caller once committed.
        let apply: @Sendable (Database) -> @Sendable () -> Void
        /// Resumes the caller with the error when the whole transaction failed.
        let abandon: @Sendable (any Error) -> Void
    }

    private struct Queue {
        var writes: [PendingWrite] = []
        var draining = false
    }

    private let writer: any DatabaseWriter
    private let queue = Mutex(Queue())

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Runs `work` in the next batch and returns its value after the batch committed.
    func perform<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let pending = PendingWrite(
                apply: { db in
                    do {
                        var value: T?
                        try db.inSavepoint {
                            value = try work(db)
                            return .commit
                        }
                        let result = value!
                        return { continuation.resume(returning: result) }
                    } catch {
                        return { continuation.resume(throwing: error) }
                    }
                },
                abandon: { continuation.resume(throwing: $0) }
            )
            let startDrain = queue.withLock { state in
                state.writes.append(pending)
                if state.draining { return false }
                state.draining = true
                return true
            }
            // The drainer lives only while writes keep arriving; it is not a polling loop.
            if startDrain { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let batch = queue.withLock { state in
                let writes = state.writes
                state.writes.removeAll(keepingCapacity: true)
                if writes.isEmpty { state.draining = false }
                return writes
            }
            if batch.isEmpty { return }
            do {
                let resumers = try await writer.write { db in batch.map { $0.apply(db) } }
                for resume in resumers { resume() }
            } catch {
                for write in batch { write.abandon(error) }
            }
        }
    }
}
