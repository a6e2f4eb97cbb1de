import Engine
import EngineDrivers
import Foundation

/// Opens the engine for a command and keeps its workers running while the command's body runs.
enum EngineRunner {
    static func open(_ settings: AppSettings) async throws -> TaskManager {
        do {
            return try await EngineBootstrap.openManager(settings: settings)
        } catch let error as SettingsError {
            throw CLIFailure.badSettings(error.message)
        } catch {
            throw CLIFailure.failed("cannot start the engine: \(error)")
        }
    }

    /// Runs `body` while the manager's workers run; stops them afterwards.
    static func withRunningEngine(_ manager: TaskManager, _ body: () async throws -> Void) async throws {
        try await withRunningEngineResult(manager, body)
    }

    static func withRunningEngineResult<T>(_ manager: TaskManager, _ body: () async throws -> T) async throws -> T {
        let workers = Task { await manager.run() }
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        await manager.shutdown(grace: .seconds(1))
        await workers.value
        return try result.get()
    }
}
