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
    /// A batch not over by then fails: its connection is closed under it. A server that restarted
    /// under a batch can leave a statement on the old connection waiting for good (cancelling the
    /// task does not end it), and every later write would queue behind it.
    static let batchTimeout: Duration = .seconds(10)

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

    /// Runs the batch, or fails it once `batchTimeout` passes. The batch runs in a task of its own
    /// that is left behind on a timeout (its connection closed under it): neither cancelling nor
    /// closing ends a statement stuck on a connection the server dropped, and awaiting it would
    /// hold every later write.
    private func run(_ batch: [PendingWrite]) async throws -> [TaskWriteResult] {
        let leased = LeasedConnection()
        let answer = OneAnswer()
        return try await withCheckedThrowingContinuation { continuation in
            answer.set(continuation)
            let work = Task {
                do {
                    answer.give(.success(try await self.runInTransaction(batch, leased: leased)))
                } catch {
                    answer.give(.failure(error))
                }
            }
            let timer = Task {
                try await Task.sleep(for: Self.batchTimeout)
                leased.connection.withLock { $0 }?.close().whenComplete { _ in }
                work.cancel()
                answer.give(
                    .failure(
                        StoreError(
                            "the database did not answer within \(Self.batchTimeout.components.seconds) s",
                            fault: .unreachable)))
            }
            answer.onGiven { timer.cancel() }
        }
    }

    private func runInTransaction(
        _ batch: [PendingWrite], leased: LeasedConnection
    ) async throws -> [TaskWriteResult] {
        try await client.withConnection { connection in
            leased.connection.withLock { $0 = connection }
            return try await connection.inTransaction(logger: logger) {
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

/// The connection a batch runs on, for its timeout to close.
private final class LeasedConnection: Sendable {
    let connection = Mutex<PostgresConnection?>(nil)
}

/// A batch's answer: the first of its result and its timeout, given once.
private final class OneAnswer: Sendable {
    private struct State {
        var continuation: CheckedContinuation<[TaskWriteResult], any Error>?
        var given = false
        var onGiven: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    func set(_ continuation: CheckedContinuation<[TaskWriteResult], any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    /// Called once the answer is given (at once if it was).
    func onGiven(_ action: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.given { return true }
            state.onGiven = action
            return false
        }
        if now { action() }
    }

    func give(_ result: Result<[TaskWriteResult], any Error>) {
        let (continuation, action) = state.withLock {
            state -> (CheckedContinuation<[TaskWriteResult], any Error>?, (@Sendable () -> Void)?) in
            guard !state.given else { return (nil, nil) }
            state.given = true
            defer {
                state.continuation = nil
                state.onGiven = nil
            }
            return (state.continuation, state.onGiven)
        }
        continuation?.resume(with: result)
        action?()
    }
}
