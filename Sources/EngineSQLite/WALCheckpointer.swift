import Dispatch
import GRDB
import Synchronization

/// Copies the write-ahead log back into the database file on a connection and thread of its own.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold: that commit
/// (and every submission waiting on it) then waits for the copy and two disk syncs, which put
/// tens of milliseconds into the 99th percentile of submit latency and halved throughput. Here
/// the writer's automatic checkpoint is off and this one runs passively (it never blocks the
/// writer or readers) after every `interval` writes and once the writer has stayed idle for
/// `quiet`. (At every idle moment was too often: a node's claims and outcomes ping-pong through
/// the writer, which empties its queue thousands of times a second under load, and each
/// checkpoint costs a disk flush.)
///
/// The log only starts over once a checkpoint has copied all of it, which a checkpoint running
/// beside a busy writer never quite does. So once the log is past `restartFrames`, the writer is
/// asked to run one passive checkpoint itself between two batches: nothing is appended meanwhile,
/// it only has the last few frames left to copy, and its next commit starts the log over.
final class WALCheckpointer: Sendable {
    private struct State {
        var writesSinceCheckpoint = 0
        var scheduled = false
        var writerShouldFinish = false
        /// Counts commits, so a quiet check can tell whether any came since it was asked for.
        var commits = 0
        var quietCheckPending = false
    }

    private let connection: DatabaseQueue
    private let interval: Int
    private let restartFrames: Int
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "maternal-qa.store.checkpoint")

    init(path: String, interval: Int = 8000, restartFrames: Int = 20_000) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        connection = try DatabaseQueue(path: path, configuration: configuration)
        self.interval = interval
        self.restartFrames = restartFrames
    }

    /// The writer committed `writes` more writes; `idle` when nothing else is waiting to be written.
    func committed(_ writes: Int, idle: Bool) {
        enum Next {
            case nothing, checkpoint
            case checkWhenQuiet(Int)
        }
        let next = state.withLock { state -> Next in
            state.writesSinceCheckpoint += writes
            if writes > 0 { state.commits += 1 }
            guard !state.scheduled, state.writesSinceCheckpoint > 0 else { return .nothing }
            if state.writesSinceCheckpoint >= interval {
                state.scheduled = true
                state.writesSinceCheckpoint = 0
                return .checkpoint
            }
            guard idle, !state.quietCheckPending else { return .nothing }
            state.quietCheckPending = true
            return .checkWhenQuiet(state.commits)
        }
        switch next {
        case .nothing:
            break
        case .checkpoint:
            queue.async { self.checkpoint() }
        case .checkWhenQuiet(let commits):
            queue.asyncAfter(deadline: .now() + Self.quiet) { self.checkpointIfQuiet(since: commits) }
        }
    }

    /// How long the writer must have committed nothing before an idle checkpoint.
    static let quiet: DispatchTimeInterval = .milliseconds(100)

    private func checkpointIfQuiet(since commits: Int) {
        let go = state.withLock { state -> Bool in
            state.quietCheckPending = false
            guard state.commits == commits, !state.scheduled, state.writesSinceCheckpoint > 0 else { return false }
            state.scheduled = true
            state.writesSinceCheckpoint = 0
            return true
        }
        if go { checkpoint() }
    }

    /// True once, when the writer should finish a checkpoint itself (see above).
    func writerShouldFinish() -> Bool {
        state.withLock { state in
            defer { state.writerShouldFinish = false }
            return state.writerShouldFinish
        }
    }

    private func checkpoint() {
        // A failed checkpoint loses nothing (the log keeps the data); the next one retries.
        let frames = (try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive).walFrameCount }) ?? 0
        state.withLock { state in
            state.scheduled = false
            if frames > restartFrames { state.writerShouldFinish = true }
        }
    }
}
