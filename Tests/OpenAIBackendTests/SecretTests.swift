import Testing

@testable import Engine

@Suite("API key handling")
struct SecretTests {
    private static let key = "sk-test-6f1d2c9a8b7e4d3c"

    @Test func keyIsSentAsBearerAndNeverLoggedOrShown() async throws {
        // The second request is refused by a server that echoes the credentials it got, as some do.
        try await OpenAIStub.with({ request in
            request.index == 0
                ? .stream(StubStream.reply(StubStream.tokens("好的。")))
                : .error(401, "Incorrect API key provided: \(request.headers["authorization"] ?? "")")
        }) { stub in
            let logs = CapturedLogs()
            let backend = try TestEngine.backend(stub, apiKey: Self.key, logs: logs)
            let (first, second) = try await TestEngine.withManager(backend: backend, logs: logs) { manager in
                (try await TestEngine.run("孕期可以喝咖啡吗", on: manager), try await TestEngine.run("孕期可以喝茶吗", on: manager))
            }
            #expect(stub.requests.allSatisfy { $0.headers["authorization"] == "Bearer \(Self.key)" })
            #expect(stub.requests.allSatisfy { !String(decoding: $0.body, as: UTF8.self).contains(Self.key) })
            #expect(first.last?.status == .completed)

            let failed = try #require(second.last)
            #expect(failed.errorCode == .backend_error)
            #expect(failed.error == "模型服务拒绝了访问凭据（HTTP 401），请检查 openai_api_key")
            #expect(
                failed.errorDetail
                    == "the model server refused the credentials (HTTP 401): Incorrect API key provided: Bearer [redacted]; check openai_api_key"
            )

            #expect(logs.contains("model request"), "nothing was captured: \(logs.all)")
            #expect(logs.contains("Bearer [redacted]"))
            for line in logs.all { #expect(!line.contains(Self.key), "leaked in: \(line)") }
        }
    }

    @Test func settingsKeepTheKeyOutOfFlagsAndDescriptions() throws {
        #expect(
            throws: SettingsError(
                "openai_api_key cannot be given as a flag (it would show in the process list); use MQA_OPENAI_API_KEY or the config file"
            )
        ) {
            try SettingsLoader.load(flags: ["openai_api_key": Self.key], environment: [:])
        }
        let settings = try SettingsLoader.load(
            flags: [
                "backend": "openai", "openai_base_url": "http://127.0.0.1:11434", "openai_model": "qwen2.5:7b",
                "database": ":memory:",
            ],
            environment: ["MQA_OPENAI_API_KEY": Self.key])
        #expect(settings.openAI.apiKey == Self.key)
        #expect(!"\(settings.openAI)".contains(Self.key))
    }
}
