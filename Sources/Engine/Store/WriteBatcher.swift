import Dispatch
import GRDB
import Synchronization

/// Group commit: writes queue up and are applied together in one transaction, in queue order, and
/// each one's completion is called after the commit. One commit then serves many writes, which
/// keeps SQLite from being the bottleneck when thousands of tasks change state per second: every
/// commit rewrites each page it touched in the WAL, so fewer, larger commits write far less.
///
/// A write may name the row it sets: a skippable write (one given a value to report when skipped)
/// that a later write of the same row in the same batch overwrites whole is skipped and reported
/// committed with it. A run of the local engine starts and ends within one batch, so its
/// `running` row is usually never written on its own.
///
/// When one write fails, the batch rolls back and each write is redone in a transaction of its
/// own, none skipped, so only the failing one reports an error. (Savepoints per write would do
/// the same but cost two statements per write on the hot path.)
final class WriteBatcher: Sendable {
    private struct PendingWrite: Sendable {
        /// The row it sets, e.g. a task id.
        let row: String?
        /// Runs the write inside the open transaction; returns how to report success once committed.
        let apply: @Sendable (Database) throws -> @Sendable () -> Void
        /// For a skippable write: reports success without having run (a later write overwrote it).
        let skip: (@Sendable () -> Void)?
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

    /// Queues `work`, which sets `row`; `completion` gets its value or error once the batch it
    /// joined is over. With `skippedValue` the write is skippable: when a later write of the same
    /// row joins the same batch (it must set every column this one sets), this one is not run
    /// and reports `skippedValue`.
    func enqueue<T: Sendable>(
        _ work: @escaping @Sendable (Database) throws -> T,
        row: String? = nil, skippedValue: T? = nil,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        var skip: (@Sendable () -> Void)?
        if let skippedValue { skip = { completion(.success(skippedValue)) } }
        let pending = PendingWrite(
            row: row,
            apply: { db in
                let value = try work(db)
                return { completion(.success(value)) }
            },
            skip: skip,
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
                let skipped = Self.overwritten(in: batch)
                let reports = try writer.write { db in
                    try batch.indices.map { index in
                        if skipped.contains(index), let skip = batch[index].skip { return skip }
                        return try batch[index].apply(db)
                    }
                }
                checkpointer?.committed(batch.count, idle: false)
                for report in reports { report() }
            } catch {
                retryAlone(batch, firstError: error)
            }
        }
    }

    /// Positions of skippable writes that a later write of the same row in `batch` overwrites.
    private static func overwritten(in batch: [PendingWrite]) -> Set<Int> {
        var lastWrite: [String: Int] = [:]
        for (index, write) in batch.enumerated() {
            if let row = write.row { lastWrite[row] = index }
        }
        var skipped = Set<Int>()
        for (index, write) in batch.enumerated() where write.skip != nil {
            if let row = write.row, let last = lastWrite[row], last > index { skipped.insert(index) }
        }
        return skipped
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
