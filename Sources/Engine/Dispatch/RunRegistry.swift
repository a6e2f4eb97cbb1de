import Synchronization

/// This node's runs by task id: what status reads, cancel, the timeout watchdog, the lease keeper
/// and the progress reporter look at. A run is in it from its claim until its final write.
final class RunRegistry: Sendable {
    private struct State {
        var runs: [String: RunControl] = [:]
        /// Runs whose workflow has ended and whose final write is not committed yet.
        var finishing = 0
        var interrupted = false
    }

    private let state = Mutex(State())

    func add(_ run: RunControl) {
        state.withLock { $0.runs[run.claimed.id] = run }
    }

    /// The run's workflow has returned: its worker place is free.
    func markEnded(_ run: RunControl) {
        state.withLock { state in
            guard state.runs[run.claimed.id] === run, !run.hasEnded else { return }
            run.markEnded()
            state.finishing += 1
        }
    }

    func remove(_ run: RunControl) {
        state.withLock { state in
            guard state.runs[run.claimed.id] === run else { return }
            state.runs[run.claimed.id] = nil
            if run.hasEnded { state.finishing -= 1 }
        }
    }

    /// Shutdown past its grace: stops every run (each goes back to pending), and runs still
    /// trying to write their outcome give up.
    func interruptAll() {
        let runs = state.withLock { state in
            state.interrupted = true
            return Array(state.runs.values)
        }
        for run in runs { run.stop(.shutdown) }
    }

    var isInterrupted: Bool { state.withLock { $0.interrupted } }

    func run(_ id: String) -> RunControl? {
        state.withLock { $0.runs[id] }
    }

    var all: [RunControl] { state.withLock { Array($0.runs.values) } }

    var isEmpty: Bool { state.withLock { $0.runs.isEmpty } }

    /// Runs whose workflow is still going: what `max_workers` bounds.
    var activeCount: Int { state.withLock { $0.runs.count - $0.finishing } }
}
