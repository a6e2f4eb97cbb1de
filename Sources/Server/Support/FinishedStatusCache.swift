import Engine
import Foundation
import Hummingbird
import Synchronization

/// Encoded status responses of finished tasks. A completed or failed task never changes again,
/// so its body is built once and served from memory to every later poll, sparing the database
/// read and the JSON encoding on the hot path. Entries honour the task's owner and stop being
/// served once the task is past retention (`max_age_hours`), exactly when the store would say 404.
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
            guard let entry = state.entries[id], owner == nil || entry.owner == owner, entry.expires > now else { return nil }
            return entry.body
        }
    }

    func store(_ snapshot: TaskSnapshot, body: ByteBuffer) {
        guard snapshot.status.isTerminal, let completedAt = snapshot.completedAt, body.readableBytes <= maxBytes / 16 else {
            return
        }
        let entry = Entry(owner: snapshot.owner, expires: completedAt.addingTimeInterval(retention), body: body)
        state.withLock { state in
            if let old = state.entries.updateValue(entry, forKey: snapshot.id) {
                state.bytes -= old.body.readableBytes
            } else {
                state.order.append(snapshot.id)
            }
            state.bytes += body.readableBytes
            while state.bytes > maxBytes, state.head < state.order.count {
                let oldest = state.order[state.head]
                state.head += 1
                if let evicted = state.entries.removeValue(forKey: oldest) { state.bytes -= evicted.body.readableBytes }
            }
            // Drop the consumed prefix of the order now and then, so it does not grow forever.
            if state.head > 4096, state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
    }
}
