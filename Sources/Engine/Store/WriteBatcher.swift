import GRDB
import Synchronization

/// Group commit: concurrent writes queue up and are applied together in one transaction. One
/// commit then serves many callers, which keeps SQLite from being the bottleneck when thousands of
/// tasks change state per second. When one write fails, the batch rolls back and each write is
/// redone in a transaction of its own, so only the failing one reports an error. (Savepoints per
/// write would do the same but cost two statements per write on the hot path.)
final class WriteBatcher: Sendable {
    private struct PendingWrite: Sendable {
        /// Runs the write inside the open transaction; returns how to resume its caller once committed.
        let apply: @Sendable (Database) throws -> @Sendable () -> Void
        /// Resumes the caller with the error.
        let fail: @Sendable (any Error) -> Void
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
                    let value = try work(db)
                    return { continuation.resume(returning: value) }
                },
                fail: { continuation.resume(throwing: $0) }
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
                let resumers = try await writer.write { db in try batch.map { try $0.apply(db) } }
                for resume in resumers { resume() }
            } catch {
                await retryAlone(batch, firstError: error)
            }
        }
    }

    private func retryAlone(_ batch: [PendingWrite], firstError: any Error) async {
        guard batch.count > 1 else {
            batch.first?.fail(firstError)
            return
        }
        for write in batch {
            do {
                let resume = try await writer.write { db in try write.apply(db) }
                resume()
            } catch {
                write.fail(error)
            }
        }
    }
}
