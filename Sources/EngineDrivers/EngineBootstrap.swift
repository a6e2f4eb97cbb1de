import Engine
import EnginePostgres
import EngineSQLite
import Logging

/// Builds a running engine from settings: the store its `database` names, backend, knowledge
/// base, manager. The only place that knows every store driver.
public enum EngineBootstrap {
    public static func makeBackend(_ settings: AppSettings) throws -> any InferenceBackend {
        switch settings.backend {
        case .local:
            return LocalBackend(simulatedLatency: .milliseconds(settings.simulatedLatencyMs))
        case .openai:
            let logger = Logger(label: "maternal-qa.openai")
            let model = try OpenAIBackend(
                settings: settings.openAI, maxConnections: settings.engine.maxWorkers, logger: logger)
            logger.info(
                "model backend",
                metadata: [
                    "settings": "\(settings.openAI)", "fallback_local": "\(settings.openAI.fallbackToLocal)",
                ])
            guard settings.openAI.fallbackToLocal else { return model }
            return FallbackBackend(primary: model, fallback: LocalBackend(), logger: logger)
        }
    }

    /// Opens (and migrates) the store; a server that cannot be reached or refuses the login
    /// throws a `StoreError` naming the problem, before anything is accepted.
    public static func openStore(_ location: DatabaseLocation, logger: Logger = Logger(label: "maternal-qa.store"))
        async throws -> any TaskStore
    {
        switch location {
        case .sqlite(let path):
            return try SQLiteTaskStore(path: path)
        case .postgres(let server):
            return try await PostgresTaskStore.open(server, logger: logger)
        }
    }

    /// Opens the store and the manager. Call `run()` on the result to start the workers.
    public static func openManager(
        settings: AppSettings, clock: any EngineClock = SystemClock(),
        logger: Logger = Logger(label: "maternal-qa.engine")
    ) async throws -> TaskManager {
        let store = try await openStore(settings.database)
        do {
            return try await TaskManager.open(
                configuration: settings.engine, store: store, backend: makeBackend(settings),
                knowledgeBase: KnowledgeBase.bundled(), clock: clock, logger: logger)
        } catch {
            await store.close()
            throw error
        }
    }
}
