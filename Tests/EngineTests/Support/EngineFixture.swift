import EngineSQLite
import Foundation

@testable import Engine

/// A running TaskManager over a real store, for one test.
struct EngineFixture {
    let manager: TaskManager
    let store: SQLiteTaskStore
    let runner: Task<Void, Never>

    static func start(
        backend: any InferenceBackend = LocalBackend(), configuration: EngineConfiguration = EngineConfiguration(),
        clock: any EngineClock = SystemClock(), database: String = ":memory:", run: Bool = true
    ) async throws -> EngineFixture {
        let store = try SQLiteTaskStore(path: database)
        let manager = try await TaskManager.open(
            configuration: configuration, store: store, backend: backend,
            knowledgeBase: KnowledgeBase.bundled(), clock: clock)
        let runner = Task { if run { await manager.run() } }
        return EngineFixture(manager: manager, store: store, runner: runner)
    }

    func stop() async {
        await manager.shutdown(grace: .seconds(5))
        await runner.value
    }
}

/// Polls `condition` until it holds; fails the wait after `timeout` (generous: CI machines are loaded).
func eventually(
    timeout: Duration = .seconds(30), _ condition: @Sendable () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

func question(
    _ text: String = "孕期可以喝咖啡吗", maternalID: Int64 = 7, userType: UserType = .pregnant_mother, chatID: String? = nil
) -> QARequest {
    QARequest(input: text, maternalID: maternalID, userType: userType, chatID: chatID)
}
