import Engine
import ServiceLifecycle

/// The task manager's lifecycle as a `Service`: `run()` runs the workers; a graceful shutdown
/// stops new submissions, gives running tasks `grace` to finish and puts the rest back to
/// pending in the store, so the next start resumes them. `serve` and the terminal UI both run it.
public struct TaskManagerService: Service {
    public let manager: TaskManager
    public let grace: Duration

    public init(manager: TaskManager, grace: Duration) {
        self.manager = manager
        self.grace = grace
    }

    public func run() async throws {
        let manager = self.manager
        let grace = self.grace
        await withGracefulShutdownHandler {
            await manager.run()
        } onGracefulShutdown: {
            // `run()` returns once `shutdown` has drained the workers.
            Task { await manager.shutdown(grace: grace) }
        }
    }
}
