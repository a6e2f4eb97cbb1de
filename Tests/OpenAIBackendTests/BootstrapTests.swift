import EngineDrivers
import Testing

@testable import Engine

@Suite("backend = openai from settings")
struct BootstrapTests {
    private func settings(_ extra: [String: String] = [:], base: String = "http://127.0.0.1:11434") throws
        -> AppSettings
    {
        try SettingsLoader.load(
            flags: ["backend": "openai", "openai_base_url": base, "openai_model": "stub-model", "database": ":memory:"]
                .merging(extra) { $1 },
            environment: [:])
    }

    @Test func buildsTheOpenAIBackend() throws {
        let backend = try EngineBootstrap.makeBackend(try settings())
        #expect(backend is OpenAIBackend)
        #expect(backend.name == "openai")
    }

    @Test func fallbackSettingWrapsItWithTheLocalEngine() throws {
        let backend = try EngineBootstrap.makeBackend(try settings(["openai_fallback_local": "true"]))
        let fallback = try #require(backend as? FallbackBackend)
        #expect(fallback.name == "openai")
        #expect(fallback.fallbackName == "local (fallback)")
    }

    @Test func missingModelIsRefusedAtStartUp() {
        #expect(
            throws: SettingsError(
                "openai_model is required when backend is openai (--openai-model or MQA_OPENAI_MODEL)")
        ) {
            try SettingsLoader.load(
                flags: ["backend": "openai", "openai_base_url": "http://127.0.0.1:11434"], environment: [:])
        }
    }

    /// The path `ask`, `serve` and `chat` take: settings → bootstrap → manager → stub.
    @Test func bootstrappedEngineAnswersThroughTheModel() async throws {
        try await OpenAIStub.with({ _ in .stream(StubStream.reply(StubStream.tokens("这是模型的回答。"))) }) { stub in
            let manager = try await EngineBootstrap.openManager(
                settings: try settings(["openai_max_tokens": "50"], base: stub.baseURL))
            #expect(manager.backendName == "openai")
            let workers = Task { await manager.run() }
            let submission = try await manager.submit(QARequest(input: "孕期可以喝咖啡吗", maternalID: 9, userType: .doctor))
            let final = try await manager.waitForTerminal(submission.snapshot.id, timeout: .seconds(60))
            await manager.shutdown(grace: .seconds(5))
            await workers.value
            #expect(final?.status == .completed)
            #expect(final?.result?.reply?.content.hasPrefix("这是模型的回答。") == true)
            #expect(stub.requests.first?.completion?.max_tokens == 50)
        }
    }
}
