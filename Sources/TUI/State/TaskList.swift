import Engine
import Foundation

/// The tasks the screen knows, newest first. Snapshots arrive from several places (the live
/// stream, the history query, submit replies) in no guaranteed order, so a snapshot only replaces
/// one that is not further along: status, progress and the answer so far never go backwards on screen.
public struct TaskList: Sendable, Equatable {
    private var byID: [String: TaskSnapshot] = [:]
    /// Ids, newest `createdAt` first.
    public private(set) var order: [String] = []
    /// Pending and running tasks among them (so the clock only ticks while something moves).
    public private(set) var liveCount = 0

    public init() {}

    public var count: Int { order.count }
    public var isEmpty: Bool { order.isEmpty }
    public subscript(id: String) -> TaskSnapshot? { byID[id] }
    public subscript(position: Int) -> TaskSnapshot? {
        order.indices.contains(position) ? byID[order[position]] : nil
    }

    public func position(of id: String) -> Int? { order.firstIndex(of: id) }

    /// Adds or updates a task; returns false when the snapshot was older than the one held.
    @discardableResult
    public mutating func merge(_ snapshot: TaskSnapshot) -> Bool {
        if let held = byID[snapshot.id] {
            guard !Self.isBehind(snapshot, held) else { return false }
            liveCount += (snapshot.status.isTerminal ? 0 : 1) - (held.status.isTerminal ? 0 : 1)
            byID[snapshot.id] = snapshot
            return true
        }
        byID[snapshot.id] = snapshot
        if !snapshot.status.isTerminal { liveCount += 1 }
        order.insert(snapshot.id, at: insertionPoint(for: snapshot))
        return true
    }

    /// Binary search for the place keeping `order` newest first (ties: larger id first).
    private func insertionPoint(for snapshot: TaskSnapshot) -> Int {
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            guard let other = byID[order[middle]] else { break }
            if other.createdAt > snapshot.createdAt || (other.createdAt == snapshot.createdAt && other.id > snapshot.id)
            {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    private static func isBehind(_ candidate: TaskSnapshot, _ held: TaskSnapshot) -> Bool {
        let rank = { (task: TaskSnapshot) -> Int in
            switch task.status {
            case .pending: 0
            case .running: 1
            case .completed, .failed: 2
            }
        }
        if rank(candidate) != rank(held) { return rank(candidate) < rank(held) }
        if held.status.isTerminal { return true }  // a finished task never changes again
        if candidate.progress != held.progress { return candidate.progress < held.progress }
        // A store copy read before the latest pieces: same attempt, fewer pieces.
        return candidate.attempts == held.attempts && (candidate.answerSoFar?.seq ?? 0) < (held.answerSoFar?.seq ?? 0)
    }
}
