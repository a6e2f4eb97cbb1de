import Synchronization

/// How full the store's queue is, as this node knows it, counted against `max_queue` without a
/// query per submission or claim (counting pending rows costs as much as there are): the store's
/// count as last read (after other processes' changes, at most five times a second), plus this
/// node's inserts and less its claims since, plus submissions whose insert is on its way. Other
/// nodes' inserts and claims show at the next read.
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

    /// `count` pending tasks left the queue here (claimed, or cancelled).
    func left(_ count: Int) {
        state.withLock { $0.pending = max(0, $0.pending - count) }
    }

    /// The store says this many tasks are pending now.
    func observe(pending: Int) {
        state.withLock { $0.pending = pending }
    }

    /// Pending tasks, as far as this node knows.
    var pending: Int { state.withLock { $0.pending } }
}
