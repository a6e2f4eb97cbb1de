import Synchronization

/// Hands task changes to whoever follows them: one task's subscribers (SSE, `ask`, cancel), or
/// everything (the terminal UI, metrics). Changes come from this node's runs and intake as they
/// commit, and from the cluster follower for tasks other nodes run.
///
/// A lock, not an actor: publishing is a few dictionary look-ups and stream yields, and runs
/// publish from their own tasks without a hop. Streams are yielded to and finished outside the
/// lock, since finishing one runs its termination handler, which takes the lock again.
final class EventHub: Sendable {
    private struct State {
        var taskSubscribers: [String: [UInt64: AsyncStream<TaskSnapshot>.Continuation]] = [:]
        var allSubscribers: [UInt64: AsyncStream<TaskUpdate>.Continuation] = [:]
        var nextID: UInt64 = 0
        var closed = false
    }

    private let state = Mutex(State())
    private let stats: @Sendable () -> EngineStats

    /// `stats` gives the engine's counts that go with each change to the all-tasks stream.
    init(stats: @escaping @Sendable () -> EngineStats) {
        self.stats = stats
    }

    /// Whether anyone follows this task (or every task): only then do runs publish their steps.
    func isWatching(_ id: String) -> Bool {
        state.withLock { !$0.allSubscribers.isEmpty || $0.taskSubscribers[id] != nil }
    }

    var hasAllSubscribers: Bool { state.withLock { !$0.allSubscribers.isEmpty } }

    /// The tasks someone follows one by one.
    var followedTaskIDs: [String] { state.withLock { Array($0.taskSubscribers.keys) } }

    /// A stream that starts with `current` and ends after the task's terminal snapshot.
    func subscribe(to current: TaskSnapshot) -> AsyncStream<TaskSnapshot> {
        let (stream, continuation) = AsyncStream<TaskSnapshot>.makeStream(bufferingPolicy: .unbounded)
        continuation.yield(current)
        let id = current.id
        let token = state.withLock { state -> UInt64? in
            guard !state.closed, !current.status.isTerminal else { return nil }
            state.nextID += 1
            state.taskSubscribers[id, default: [:]][state.nextID] = continuation
            return state.nextID
        }
        guard let token else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { state in
                state.taskSubscribers[id]?[token] = nil
                if state.taskSubscribers[id]?.isEmpty == true { state.taskSubscribers[id] = nil }
            }
        }
        return stream
    }

    /// Every change of every task, with the engine's counts.
    func subscribeAll() -> AsyncStream<TaskUpdate> {
        // Bounded so a stalled consumer cannot grow memory without limit; 100k changes is far
        // more than a consumer that is keeping up ever has outstanding.
        let (stream, continuation) = AsyncStream<TaskUpdate>.makeStream(bufferingPolicy: .bufferingNewest(100_000))
        let token = state.withLock { state -> UInt64? in
            guard !state.closed else { return nil }
            state.nextID += 1
            state.allSubscribers[state.nextID] = continuation
            return state.nextID
        }
        guard let token else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { state in state.allSubscribers[token] = nil }
        }
        return stream
    }

    /// Hands `task` to its followers; a terminal snapshot ends its one-task streams.
    func publish(_ task: TaskSnapshot) {
        let (followers, everyone) = state.withLock {
            state -> ([AsyncStream<TaskSnapshot>.Continuation], [AsyncStream<TaskUpdate>.Continuation]) in
            // Every submission and every run's end come here; with nobody following, nothing is built.
            if state.allSubscribers.isEmpty && state.taskSubscribers.isEmpty { return ([], []) }
            let followers = state.taskSubscribers[task.id].map { Array($0.values) } ?? []
            if task.status.isTerminal { state.taskSubscribers[task.id] = nil }
            return (followers, Array(state.allSubscribers.values))
        }
        for continuation in followers {
            continuation.yield(task)
            if task.status.isTerminal { continuation.finish() }
        }
        guard !everyone.isEmpty else { return }
        let update = TaskUpdate(snapshot: task, stats: stats())
        for continuation in everyone { continuation.yield(update) }
    }

    /// Ends every stream (the engine stopped); later subscriptions end at once.
    func close() {
        let (followers, everyone) = state.withLock { state in
            state.closed = true
            defer {
                state.taskSubscribers.removeAll()
                state.allSubscribers.removeAll()
            }
            return (state.taskSubscribers.values.flatMap(\.values), Array(state.allSubscribers.values))
        }
        for continuation in followers { continuation.finish() }
        for continuation in everyone { continuation.finish() }
    }
}
