extension TaskManager {
    /// The task's snapshots: the current one first, then one per change, finishing after the terminal one.
    public func updates(of id: String, owner: String? = nil) async throws -> AsyncStream<TaskSnapshot> {
        let current = try await status(id, owner: owner)
        let (stream, continuation) = AsyncStream<TaskSnapshot>.makeStream(bufferingPolicy: .unbounded)
        continuation.yield(current)
        guard live[id] != nil, !current.status.isTerminal else {
            continuation.finish()
            return stream
        }
        let token = newSubscriberID()
        taskSubscribers[id, default: [:]][token] = continuation
        runs[id]?.watch()
        continuation.onTermination = { _ in
            Task { await self.removeTaskSubscriber(id, token) }
        }
        return stream
    }

    /// Every change of every task, with the engine's counts: what the TUI and metrics follow.
    public func allUpdates() -> AsyncStream<TaskUpdate> {
        // Bounded so a stalled consumer cannot grow memory without limit; 100k changes is far
        // more than a consumer that is keeping up ever has outstanding.
        let (stream, continuation) = AsyncStream<TaskUpdate>.makeStream(bufferingPolicy: .bufferingNewest(100_000))
        let token = newSubscriberID()
        allSubscribers[token] = continuation
        for run in runs.values { run.watch() }
        continuation.onTermination = { _ in
            Task { await self.removeAllSubscriber(token) }
        }
        return stream
    }

    /// Waits until the task is completed or failed; nil when `timeout` passes first.
    public nonisolated func waitForTerminal(_ id: String, owner: String? = nil, timeout: Duration?) async throws -> TaskSnapshot? {
        let stream = try await updates(of: id, owner: owner)
        let clock = self.clock
        return await withTaskGroup(of: TaskSnapshot?.self) { group in
            group.addTask {
                for await snapshot in stream where snapshot.status.isTerminal { return snapshot }
                return nil
            }
            if let timeout {
                group.addTask {
                    try? await clock.sleep(for: timeout)
                    return nil
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    func publish(_ task: TaskSnapshot) {
        if let subscribers = taskSubscribers[task.id] {
            let snapshot = current(task)
            for continuation in subscribers.values {
                continuation.yield(snapshot)
                if task.status.isTerminal { continuation.finish() }
            }
            if task.status.isTerminal { taskSubscribers[task.id] = nil }
        }
        if !allSubscribers.isEmpty {
            let update = TaskUpdate(snapshot: current(task), stats: stats())
            for continuation in allSubscribers.values { continuation.yield(update) }
        }
    }

    func finishAllSubscribers() {
        for subscribers in taskSubscribers.values {
            for continuation in subscribers.values { continuation.finish() }
        }
        for continuation in allSubscribers.values { continuation.finish() }
        taskSubscribers.removeAll()
        allSubscribers.removeAll()
    }

    private func newSubscriberID() -> UInt64 {
        nextSubscriberID += 1
        return nextSubscriberID
    }

    private func removeTaskSubscriber(_ id: String, _ token: UInt64) {
        taskSubscribers[id]?[token] = nil
        if taskSubscribers[id]?.isEmpty == true { taskSubscribers[id] = nil }
    }

    private func removeAllSubscriber(_ token: UInt64) {
        allSubscribers[token] = nil
    }
}
