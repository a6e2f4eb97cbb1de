import Synchronization

/// Counts the engine keeps for stats and `Retry-After`: stored finished tasks by status, and how
/// long runs take.
final class EngineCounters: Sendable {
    private struct State {
        var finished: StatusCounts = [:]
        /// Mean run time of recent tasks, in seconds.
        var meanRunSeconds = 1.0
    }

    private let state = Mutex(State())

    /// The store's own counts (at start, and as the cluster follower reads them).
    func observe(_ counts: StatusCounts) {
        state.withLock { $0.finished = counts.filter { $0.key.isTerminal } }
    }

    func finished(_ status: TaskStatus, count: Int = 1) {
        state.withLock { $0.finished[status, default: 0] += count }
    }

    func pruned(_ counts: StatusCounts) {
        state.withLock { state in
            for (status, count) in counts { state.finished[status, default: 0] -= count }
        }
    }

    func ran(for seconds: Double) {
        state.withLock { $0.meanRunSeconds = $0.meanRunSeconds * 0.9 + max(seconds, 0.001) * 0.1 }
    }

    var finishedCounts: StatusCounts { state.withLock { $0.finished } }
    var meanRunSeconds: Double { state.withLock { $0.meanRunSeconds } }
}
