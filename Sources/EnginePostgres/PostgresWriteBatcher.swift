import Engine
import Logging
import PostgresNIO
import Synchronization

/// Group commit: writes queue up and run together in one transaction, in queue order, on one
/// leased connection; each one's callback is called after the COMMIT, in order. One commit (and
/// its WAL flush) then serves many writes. A batch that left tasks pending sends exactly one
/// `mqa_work` notification, inside its transaction, so listeners hear of it once it is visible.
///
/// When a batch fails, it is rolled back and each write is redone in a transaction of its own,
/// so only the failing one reports an error.
final class PostgresWriteBatcher: Sendable {
    typealias Report = @Sendable (Result<TaskWriteResult, StoreError>) -> Void

    private struct PendingWrite: Sendable {
        let write: TaskWrite
        let report: Report
    }

    private struct Queue {
        var writes: [PendingWrite] = []
        /// Batches in flight, each on a connection of its own.
        var drainers = 0
        var closed = false
        /// `close()` calls waiting for the drainer to finish its last batch.
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Bounds one transaction, so a burst still commits in steps and the first writers hear back early.
    private static let maxBatch = 1024
    /// Batches committing at once. Every write is a round trip and every commit waits for the
    /// server's disk flush, so one batch at a time left both the server and the node idle most
    /// of the time; the server flushes concurrent commits together. Reports keep their order
    /// within a batch; the engine never relies on order across batches (each step of a task
    /// waits for the commit of the one before, and a run's writes are fenced).
    static let maxDrainers = 4

    private let client: PostgresClient
    private let logger: Logger
    private let queue = Mutex(Queue())

    init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Queues `write` without waiting; `report` is called once its batch is over.
    func enqueue(_ write: TaskWrite, report: @escaping Report) {
        enum Action { case none, startDrain, refuse }
        let action = queue.withLock { state -> Action in
            if state.closed { return .refuse }
            state.writes.append(PendingWrite(write: write, report: report))
            if state.drainers >= Self.maxDrainers { return .none }
            state.drainers += 1
            return .startDrain
        }
        switch action {
        case .none: break
        case .refuse: report(.failure(StoreError("the store is closed")))
        // The drainer lives only while writes keep arriving; it is not a polling loop.
        case .startDrain: Task { await self.drain() }
        }
    }

    /// Refuses new writes and returns once the writes already queued are over.
    func close() async {
        await withCheckedContinuation { continuation in
            let idle = queue.withLock { state in
                state.closed = true
                if state.drainers == 0 { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    private func nextBatch() -> [PendingWrite] {
        let (batch, waiters) = queue.withLock { state in
            var batch: [PendingWrite] = []
            if state.writes.count <= Self.maxBatch {
                swap(&batch, &state.writes)
            } else {
                batch = Array(state.writes.prefix(Self.maxBatch))
                state.writes.removeFirst(Self.maxBatch)
            }
            var waiters: [CheckedContinuation<Void, Never>] = []
            if batch.isEmpty {
                state.drainers -= 1
                if state.drainers == 0 { swap(&waiters, &state.idleWaiters) }
            }
            return (batch, waiters)
        }
        for waiter in waiters { waiter.resume() }
        return batch
    }

    private func drain() async {
        while true {
            let batch = nextBatch()
            if batch.isEmpty { return }
            do {
                let results = try await run(batch)
                for (pending, result) in zip(batch, results) { pending.report(.success(result)) }
            } catch {
                await retryAlone(batch, firstError: error)
            }
        }
    }

    /// Runs the batch in one transaction, or fails it once `PostgresDeadline.limit` passes (a
    /// statement stuck on a connection the server dropped would hold every later write).
    private func run(_ batch: [PendingWrite]) async throws -> [TaskWriteResult] {
        try await PostgresDeadline.withConnection(client) { [logger] connection in
            try await connection.inTransaction(logger: logger) {
                var results: [TaskWriteResult] = []
                results.reserveCapacity(batch.count)
                var queuedWork = false
                for pending in batch {
                    let applied = try await PostgresWrites.apply(pending.write, on: connection, logger: logger)
                    results.append(applied.result)
                    queuedWork = queuedWork || applied.queuedWork
                }
                if queuedWork {
                    try await connection.query("SELECT pg_notify(\(PostgresListener.workChannel), '')", logger: logger)
                }
                return results
            }
        }
    }

    private func retryAlone(_ batch: [PendingWrite], firstError: any Error) async {
        guard batch.count > 1 else {
            batch.first?.report(.failure(Self.storeError(firstError)))
            return
        }
        for pending in batch {
            do {
                let results = try await run([pending])
                pending.report(.success(results[0]))
            } catch {
                pending.report(.failure(Self.storeError(error)))
            }
        }
    }

    private static func storeError(_ error: any Error) -> StoreError {
        error as? StoreError
            ?? StoreError(
                "database write failed: \(PostgresErrorText.describe(error))", fault: PostgresErrorText.fault(of: error)
            )
    }
}
