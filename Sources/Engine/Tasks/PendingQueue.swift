/// FIFO of pending task ids with O(1) append/pop, removal of cancelled ids, and queue positions
/// computed from tickets (not by scanning), since a queue can hold 100,000 tasks.
struct PendingQueue {
    private var ids: [String?] = []
    private var head = 0
    /// Absolute ticket of `ids[0]`; grows when the consumed prefix is dropped.
    private var base = 0
    private var tickets: [String: Int] = [:]
    /// Tickets of removed ids still between head and tail, to correct positions.
    private var removed: Set<Int> = []

    var count: Int { tickets.count }
    var isEmpty: Bool { tickets.isEmpty }

    mutating func append(_ id: String) {
        tickets[id] = base + ids.count
        ids.append(id)
    }

    mutating func popFirst() -> String? {
        while head < ids.count {
            let ticket = base + head
            let id = ids[head]
            head += 1
            removed.remove(ticket)
            if let id {
                tickets[id] = nil
                compactIfNeeded()
                return id
            }
        }
        return nil
    }

    /// Removes a pending id (cancel); false when it is not queued.
    mutating func remove(_ id: String) -> Bool {
        guard let ticket = tickets.removeValue(forKey: id) else { return false }
        ids[ticket - base] = nil
        removed.insert(ticket)
        return true
    }

    /// 1 = next to run.
    func position(of id: String) -> Int? {
        guard let ticket = tickets[id] else { return nil }
        let ahead = ticket - (base + head)
        return ahead - removed.reduce(0) { $0 + ($1 < ticket ? 1 : 0) } + 1
    }

    private mutating func compactIfNeeded() {
        guard head >= 1024, head * 2 >= ids.count else { return }
        ids.removeFirst(head)
        base += head
        head = 0
    }
}
