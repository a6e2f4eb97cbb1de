import Dispatch
import GRDB
import Synchronization

/// Group commit: writes queue up and are applied together in one transaction, in queue order, and
/// each one's completion is called after the commit. One commit then serves many writes, which
/// keeps SQLite from being the bottleneck when thousands of tasks change state per second: every
/// commit rewrites each page it touched in the WAL, so fewer, larger commits write far less.
///
/// When one write fails, the batch rolls back and each write is redone in a transaction of its
/// own, so only the failing one reports an error. (Savepoints per write would do
/// the same but cost two statements per write on the hot path.)
final class WriteBatcher: Sendable {
    private struct PendingWrite: Sendable {
        /// Runs the write inside the open transaction; returns how to report success once committed.
        let apply: @Sendable (Database) throws -> @Sendable () -> Void
        /// Reports the error.
        let fail: @Sendable (any Error) -> Void
    }

    private struct Queue {
        var writes: [PendingWrite] = []
        var draining = false
    }

    /// Bounds one transaction, so a burst (a recovery, a flood of submits) still commits in steps
    /// and the first writers hear back early.
    private static let maxBatch = 1024

    private let writer: any DatabaseWriter
    private let queue = Mutex(Queue())
    /// Batches are written on a thread of their own, not the Swift concurrency pool: a commit
    /// waits on the disk at times (checkpoints), and the pool has only one thread per core.
    private let drainQueue = DispatchQueue(label: "maternal-qa.store.writer")

    private let checkpointer: WALCheckpointer?

    init(writer: any DatabaseWriter, checkpointer: WALCheckpointer?) {
        self.writer = writer
        self.checkpointer = checkpointer
    }

    /// Queues `work`; `completion` gets its value or error once the batch it joined is over.
    func enqueue<T: Sendable>(
        _ work: @escaping @Sendable (Database) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        let pending = PendingWrite(
            apply: { db in
                let value = try work(db)
                return { completion(.success(value)) }
            },
            fail: { completion(.failure($0)) }
        )
        let startDrain = queue.withLock { state in
            state.writes.append(pending)
            if state.draining { return false }
            state.draining = true
            return true
        }
        // The drainer lives only while writes keep arriving; it is not a polling loop.
        if startDrain { drainQueue.async { self.drain() } }
    }

    /// Runs `work` in the next batch and returns its value after the batch committed.
    func perform<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(work) { continuation.resume(with: $0) }
        }
    }

    /// Writes synchronously on the drain queue: the writer connection is only ever used from here
    /// (one drainer at a time), so GRDB's own queue is uncontended and runs the block in place.
    private func drain() {
        while true {
            let batch = queue.withLock { state in
                var writes: [PendingWrite] = []
                if state.writes.count <= Self.maxBatch {
                    swap(&writes, &state.writes)
                } else {
                    writes = Array(state.writes.prefix(Self.maxBatch))
                    state.writes.removeFirst(Self.maxBatch)
                }
                if writes.isEmpty { state.draining = false }
                return writes
            }
            if batch.isEmpty {
                checkpointer?.committed(0, idle: true)
                return
            }
            if checkpointer?.writerShouldFinish() == true {
                try? writer.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
            }
            do {
                let reports = try writer.write { db in try batch.map { try $0.apply(db) } }
                checkpointer?.committed(batch.count, idle: false)
                for report in reports { report() }
            } catch {
                retryAlone(batch, firstError: error)
            }
        }
    }

    private func retryAlone(_ batch: [PendingWrite], firstError: any Error) {
        guard batch.count > 1 else {
            batch.first?.fail(firstError)
            return
        }
        for write in batch {
            do {
                let report = try writer.write { db in try write.apply(db) }
                report()
            } catch {
                write.fail(error)
            }
        }
    }
}
