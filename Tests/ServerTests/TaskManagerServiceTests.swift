import Engine
import EngineDrivers
import Logging
import Server
import ServiceLifecycle
import Testing

/// The manager's lifecycle as a Service: a graceful shutdown stops it and leaves unfinished tasks
/// pending in the store for the next start.
@Suite struct TaskManagerServiceTests {
    @Test func gracefulShutdownPutsUnfinishedTasksBackToPending() async throws {
        let settings = try APIHarness.settings(["max_workers": "1", "simulated_latency_ms": "60000"])
        let manager = try await EngineBootstrap.openManager(settings: settings, logger: APIHarness.logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [TaskManagerService(manager: manager, grace: .milliseconds(100))], logger: APIHarness.logger))
        let running = Task { try await group.run() }
        let question = QARequest(input: "孕期可以喝咖啡吗", maternalID: 1, userType: .pregnant_mother)
        let first = try await manager.submit(question).snapshot.id
        let second = try await manager.submit(question).snapshot.id
        // The first must be running when the shutdown comes: found pending afterwards, it was put
        // back, not merely never claimed.
        var firstStatus = try await manager.status(first).status
        for _ in 0..<1000 where firstStatus != .running {
            try await Task.sleep(for: .milliseconds(10))
            firstStatus = try await manager.status(first).status
        }
        try #require(firstStatus == .running)
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(try await manager.status(first).status == .pending)
        #expect(try await manager.status(second).status == .pending)
        await #expect(throws: TaskManagerError.shuttingDown) { try await manager.submit(question) }
    }
}
