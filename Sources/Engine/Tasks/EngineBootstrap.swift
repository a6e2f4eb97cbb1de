import Logging

/// Builds a running engine from settings: store, backend, knowledge base, manager (recovered).
public enum EngineBootstrap {
    public static func makeBackend(_ settings: AppSettings) throws -> any InferenceBackend {
        switch settings.backend {
        case .local:
            return LocalBackend(simulatedLatency: .milliseconds(settings.simulatedLatencyMs))
        case .openai:
            let logger = Logger(label: "maternal-qa.openai")
            let model = try OpenAIBackend(settings: settings.openAI, maxConnections: settings.engine.maxWorkers, logger: logger)
            logger.info("model backend", metadata: [
                "settings": "\(settings.openAI)", "fallback_local": "\(settings.openAI.fallbackToLocal)",
            ])
            guard settings.openAI.fallbackToLocal else { return model }
            return FallbackBackend(primary: model, fallback: LocalBackend(), logger: logger)
        }
    }

    /// Opens the store and the manager. Call `run()` on the result to start the workers.
    public static func openManager(
        settings: AppSettings, clock: any EngineClock = SystemClock(),
        logger: Logger = Logger(label: "maternal-qa.engine"), recoverUnfinished: Bool = true
    ) async throws -> TaskManager {
        let store = try SQLiteTaskStore(path: settings.database)
        return try await TaskManager.open(
            configuration: settings.engine, store: store, backend: makeBackend(settings),
            knowledgeBase: KnowledgeBase.bundled(), clock: clock, logger: logger, recoverUnfinished: recoverUnfinished)
    }
}
