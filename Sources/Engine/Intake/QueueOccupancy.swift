import Synchronization

/// How full the store's queue is, as this node knows it, counted against `max_queue` without a
/// query per submission: the store's pending count as last seen (at each claim and each change
/// signal), plus this node's inserts since, plus submissions whose insert is still on its way.
/// Other nodes' inserts show within a signal (about a second at most).
final class QueueOccupancy: Sendable {
    private struct State {
        var pending = 0
        var reserved = 0
    }

    private let state = Mutex(State())

    /// Takes a place if fewer than `limit` are taken.
    func reserve(limit: Int) -> Bool {
        state.withLock { state in
            guard state.pending + state.reserved < limit else { return false }
            state.reserved += 1
            return true
        }
    }

    /// A reserved submission is now a pending task in the store.
    func inserted() {
        state.withLock { state in
            state.reserved -= 1
            state.pending += 1
        }
    }

    /// A reserved submission did not go in.
    func release() {
        state.withLock { $0.reserved -= 1 }
    }

    /// The store says this many tasks are pending now.
    func observe(pending: Int) {
        state.withLock { $0.pending = pending }
    }

    /// Pending tasks, as far as this node knows.
    var pending: Int { state.withLock { $0.pending } }
}
