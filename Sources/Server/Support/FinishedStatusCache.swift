import Engine
import Foundation
import Hummingbird
import Synchronization

/// Encoded status responses of finished tasks. A completed or failed task never changes again,
/// so its body is built once and served from memory to every later poll, sparing the database
/// read and the JSON encoding on the hot path. Entries honour the task's owner and stop being
/// served once the task is past retention (`max_age_hours`), exactly when the store would say 404;
/// they are dropped then too, and the oldest go first once the buffers held pass `maxBytes`.
final class FinishedStatusCache: Sendable {
    private struct Entry: Sendable {
        let owner: String?
        let expires: Date
        let body: ByteBuffer
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Insertion order, for evicting the oldest first.
        var order: [String] = []
        var head = 0
        /// Capacity of the buffers held: a buffer grows by doubling, so it can be twice its body.
        var bytes = 0
    }

    private let state = Mutex(State())
    private let maxBytes: Int
    private let retention: TimeInterval

    init(maxBytes: Int = 64 << 20, retention: Duration) {
        self.maxBytes = maxBytes
        self.retention = Double(retention.components.seconds) + Double(retention.components.attoseconds) / 1e18
    }

    /// The cached body, or nil when the task is not cached, belongs to another owner, or expired.
    func body(of id: String, owner: String?, now: Date = Date()) -> ByteBuffer? {
        state.withLock { state in
            guard let entry = state.entries[id], owner == nil || entry.owner == owner, entry.expires > now else {
                return nil
            }
            return entry.body
        }
    }

    func store(_ snapshot: TaskSnapshot, body: ByteBuffer, now: Date = Date()) {
        guard snapshot.status.isTerminal, let completedAt = snapshot.completedAt, body.capacity <= maxBytes / 16 else {
            return
        }
        let entry = Entry(owner: snapshot.owner, expires: completedAt.addingTimeInterval(retention), body: body)
        state.withLock { state in
            if let old = state.entries.updateValue(entry, forKey: snapshot.id) {
                state.bytes -= old.body.capacity
            } else {
                state.order.append(snapshot.id)
            }
            state.bytes += body.capacity
            // Tasks are mostly stored soon after they finish, so the oldest stored are the first to
            // expire; one stored late waits behind younger ones, but is never served past expiry.
            while state.head < state.order.count {
                let oldest = state.order[state.head]
                if state.bytes <= maxBytes, let kept = state.entries[oldest], kept.expires > now { break }
                state.head += 1
                if let evicted = state.entries.removeValue(forKey: oldest) { state.bytes -= evicted.body.capacity }
            }
            // Drop the consumed prefix of the order now and then, so it does not grow forever.
            if state.head > 4096, state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
    }

    /// Entries held (for tests).
    var count: Int { state.withLock { $0.entries.count } }
}
