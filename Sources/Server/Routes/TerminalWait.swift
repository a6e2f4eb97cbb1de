import Engine
import ServiceLifecycle

/// Waits for a task to finish on behalf of a request that must answer with the result (the sync
/// endpoint), bounded by a timeout and cut short by a graceful shutdown.
enum TerminalWait {
    enum Outcome: Sendable {
        case finished(TaskSnapshot)
        case timedOut(TaskSnapshot)
        /// The server (or the engine) is stopping; the task stays persisted for the next start.
        case shuttingDown(TaskSnapshot)
    }

    static func wait(for id: String, owner: String?, manager: TaskManager, timeout: Duration) async throws -> Outcome {
        let started = ContinuousClock.now
        let finished = try await cancelWhenGracefulShutdown {
            try await manager.waitForTerminal(id, owner: owner, timeout: timeout)
        }
        if let finished { return .finished(finished) }
        let current = try await manager.status(id, owner: owner)
        if current.status.isTerminal { return .finished(current) }
        // The wait ended early without a result: only a stop (shutdown, engine stopping) does that.
        return ContinuousClock.now - started >= timeout ? .timedOut(current) : .shuttingDown(current)
    }
}
