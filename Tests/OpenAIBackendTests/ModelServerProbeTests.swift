import Testing

@testable import Engine

/// The start-up check: the server answers, takes the key and lists the model; each way it can
/// be wrong is named, in the asker's words and with the technical cause.
@Suite("The model server check at start")
struct ModelServerProbeTests {
    private static func list(_ ids: [String]) -> StubReply {
        let data = ids.map { #"{"id":"\#($0)","object":"model"}"# }.joined(separator: ",")
        return .status(
            200, headers: ["Content-Type": "application/json"], body: #"{"object":"list","data":[\#(data)]}"#)
    }

    @Test func aServerListingTheModelPasses() async throws {
        try await OpenAIStub.with({ _ in Self.list(["other", TestEngine.model]) }) { stub in
            try await ModelServerProbe.check(TestEngine.settings(stub, apiKey: "sk-probe"))
            let request = try #require(stub.requests.first)
            #expect(request.method == "GET" && request.path == "/v1/models")
            #expect(request.headers["authorization"] == "Bearer sk-probe")
        }
    }

    @Test func ollamaNamesWithAndWithoutLatestMatch() {
        #expect(ModelServerProbe.matches("qwen2.5:latest", "qwen2.5"))
        #expect(ModelServerProbe.matches("qwen2.5", "qwen2.5:latest"))
        #expect(!ModelServerProbe.matches("qwen2.5:7b", "qwen2.5"))
    }

    @Test func aModelTheServerDoesNotListIsNamedWithWhatItHas() async throws {
        try await OpenAIStub.with({ _ in Self.list(["llama3", "qwen2.5"]) }) { stub in
            let error = await #expect(throws: BackendError.self) {
                try await ModelServerProbe.check(TestEngine.settings(stub))
            }
            #expect(error?.message == "模型服务上没有模型 \"\(TestEngine.model)\"（它提供：llama3, qwen2.5），请检查 openai_model")
        }
    }

    @Test func aRefusedKeyIsNamedAndNeverShown() async throws {
        let refuseEchoingTheKey: OpenAIStub.Script = {
            .error(401, "Invalid API key \($0.headers["authorization"] ?? "")")
        }
        try await OpenAIStub.with(refuseEchoingTheKey) { stub in
            let error = await #expect(throws: BackendError.self) {
                try await ModelServerProbe.check(TestEngine.settings(stub, apiKey: "sk-secret"))
            }
            #expect(error?.message.contains("openai_api_key") == true)
            #expect(error?.detail?.contains("HTTP 401") == true)
            #expect(error.map { !"\($0)".contains("sk-secret") } == true)
        }
    }

    @Test func aServerWithoutTheRouteOrNotAnsweringIsNamed() async throws {
        try await OpenAIStub.with({ _ in .error(404, "not found") }) { stub in
            let error = await #expect(throws: BackendError.self) {
                try await ModelServerProbe.check(TestEngine.settings(stub))
            }
            #expect(error?.message.contains("--openai-skip-probe") == true)
        }
        try await OpenAIStub.with({ _ in .status(200, body: "<html>hello</html>") }) { stub in
            let error = await #expect(throws: BackendError.self) {
                try await ModelServerProbe.check(TestEngine.settings(stub))
            }
            #expect(error?.message.contains("不是模型列表") == true)
        }
        var unreachable = OpenAISettings(baseURL: "http://127.0.0.1:9", model: "m", apiKey: nil)
        unreachable.connectTimeout = .seconds(2)
        let error = await #expect(throws: BackendError.self) { try await ModelServerProbe.check(unreachable) }
        #expect(error?.message.hasPrefix("无法连接模型服务（http://127.0.0.1:9/v1/models）") == true)
    }

    @Test func theModelsURLSitsBesideTheChatCompletionsOne() throws {
        #expect(try OpenAIEndpoint.modelsURL(base: "http://127.0.0.1:11434") == "http://127.0.0.1:11434/v1/models")
        #expect(
            try OpenAIEndpoint.modelsURL(base: "https://x.example/compatible-mode/v1/")
                == "https://x.example/compatible-mode/v1/models")
        #expect(try OpenAIEndpoint.modelsURL(base: "http://h/v1/chat/completions") == "http://h/v1/models")
    }
}
