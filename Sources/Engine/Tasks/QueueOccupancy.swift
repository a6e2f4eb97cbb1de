import Synchronization

/// Pending tasks plus submissions whose insert has not committed yet, counted against `max_queue`
/// without entering the manager actor, so a submit only meets the actor once its insert is durable.
final class QueueOccupancy: Sendable {
    private let count = Atomic<Int>(0)

    /// Takes a place if fewer than `limit` are taken.
    func reserve(limit: Int) -> Bool {
        var current = count.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = count.compareExchange(
                expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// A task queued without a reservation (recovery).
    func add() {
        count.add(1, ordering: .relaxed)
    }

    /// A place given back: the task started, was cancelled, or its insert did not go through.
    func release() {
        count.subtract(1, ordering: .relaxed)
    }
}
