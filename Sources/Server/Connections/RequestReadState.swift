/// Where a connection is in reading its requests, and so which of the `HTTPTimeouts` bounds the
/// wait for the client. The server's own time answering is never bounded here: while a response
/// is owed, the client is waiting for us (an event stream may last as long as its task).
struct RequestReadState: Equatable {
    enum Wait: Equatable {
        /// Nothing under way: the connection closes quietly when it expires.
        case idle
        /// A request's head has started and is not complete.
        case header
        /// A request's head is complete and its body is not.
        case body
    }

    private enum Phase: Equatable { case betweenRequests, head, body }

    private var phase = Phase.betweenRequests
    /// Requests whose head was read and whose response has not ended.
    private(set) var unanswered = 0
    /// A response has started and not ended.
    private(set) var responding = false
    /// Changes whenever the wait starts over, so a deadline set for one wait is not taken for the next.
    private(set) var serial = 0

    mutating func bytesArrived() {
        if phase == .betweenRequests { enter(.head) }
    }

    mutating func headRead() {
        unanswered += 1
        enter(.body)
    }

    mutating func endRead() {
        enter(.betweenRequests)
    }

    mutating func responseStarted() {
        responding = true
    }

    mutating func responseEnded() {
        responding = false
        unanswered = max(0, unanswered - 1)
        serial += 1
    }

    /// What the connection waits for now, if the client is the one keeping it waiting.
    var wait: Wait? {
        switch phase {
        case .betweenRequests: unanswered == 0 ? .idle : nil
        // Bytes of a next request sent while this one is answered: the clock starts once it is.
        case .head: unanswered == 0 ? .header : nil
        // This request's body, unless an earlier request is still being answered.
        case .body: unanswered <= 1 ? .body : nil
        }
    }

    /// No request's body is being read: bytes that come belong to a head.
    var readingHead: Bool { phase != .body }

    /// The request being read has had no response yet: a route may be waiting on its body.
    var bodyAwaitedByRoute: Bool { phase == .body && unanswered == 1 && !responding }

    private mutating func enter(_ next: Phase) {
        phase = next
        serial += 1
    }
}
