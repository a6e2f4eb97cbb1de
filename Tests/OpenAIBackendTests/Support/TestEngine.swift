import EngineSQLite
import Foundation
import Logging

@testable import Engine

/// Backends and a real engine pointed at a stub, with settings short enough for tests.
enum TestEngine {
    static let model = "stub-model"

    /// Backoffs of milliseconds: the retry tests prove behaviour, not patience.
    static let quickRetries = RetryPolicy(
        retries: 2, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50), maxRetryAfter: .milliseconds(300))

    static func settings(
        _ stub: OpenAIStub, apiKey: String? = nil, maxTokens: Int = 64, readTimeout: Duration = .seconds(120)
    ) -> OpenAISettings {
        OpenAISettings(
            baseURL: stub.baseURL, model: model, apiKey: apiKey, temperature: 0.2, maxTokens: maxTokens,
            connectTimeout: .seconds(10), readTimeout: readTimeout, retries: quickRetries.retries)
    }

    static func backend(
        _ stub: OpenAIStub, apiKey: String? = nil, maxTokens: Int = 64, readTimeout: Duration = .seconds(120),
        retryPolicy: RetryPolicy = quickRetries, logs: CapturedLogs = CapturedLogs()
    ) throws -> OpenAIBackend {
        try OpenAIBackend(
            settings: settings(stub, apiKey: apiKey, maxTokens: maxTokens, readTimeout: readTimeout),
            retryPolicy: retryPolicy, logger: logs.logger())
    }

    /// Built once: indexing the knowledge base is real work, and tests run side by side on two cores.
    private static let retriever = Result { Retriever(knowledgeBase: try KnowledgeBase.bundled()) }
    private static let triage = TriageEngine()

    /// A question with its retrieved passages and triage, as the workflow passes it to a backend.
    static func request(_ question: String = "孕期可以喝咖啡吗", userType: UserType = .pregnant_mother) throws
        -> GenerationRequest
    {
        GenerationRequest(
            question: question, userType: userType, history: [],
            passages: try retriever.get().search(question, stage: triage.read(question, userType: userType).stage),
            triage: triage.assess(question, userType: userType))
    }

    /// Runs `body` against a TaskManager (in-memory SQLite) whose backend is `backend`, then shuts it down.
    static func withManager<T: Sendable>(
        backend: any InferenceBackend, logs: CapturedLogs = CapturedLogs(), _ body: (TaskManager) async throws -> T
    ) async throws -> T {
        let manager = try await TaskManager.open(
            configuration: EngineConfiguration(maxWorkers: 2, taskTimeout: .seconds(120)),
            store: try SQLiteTaskStore(path: ":memory:"), backend: backend, knowledgeBase: KnowledgeBase.bundled(),
            logger: logs.logger("test.engine"))
        let workers = Task { await manager.run() }
        let result: Result<T, any Error>
        do { result = .success(try await body(manager)) } catch { result = .failure(error) }
        await manager.shutdown(grace: .seconds(5))
        await workers.value
        return try result.get()
    }

    /// Submits a question and waits for its end, returning every snapshot it went through (the
    /// subscription starts before the submission, so no change is missed however slow the test).
    static func run(_ question: String, on manager: TaskManager, userType: UserType = .pregnant_mother) async throws
        -> [TaskSnapshot]
    {
        let updates = await manager.allUpdates()
        let submission = try await manager.submit(QARequest(input: question, maternalID: 1, userType: userType))
        var seen: [TaskSnapshot] = []
        for await update in updates where update.snapshot.id == submission.snapshot.id {
            seen.append(update.snapshot)
            if update.snapshot.status.isTerminal { break }
        }
        return seen
    }
}

/// Collects the chunks a backend streamed.
actor ChunkLog {
    private(set) var chunks: [GenerationChunk] = []

    func append(_ chunk: GenerationChunk) { chunks.append(chunk) }

    var text: String { chunks.map(\.text).joined() }
}
