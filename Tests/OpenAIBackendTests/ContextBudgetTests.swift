import Testing

@testable import Engine

/// A prompt the server finds too long gets one retry with half the history and passages; a
/// second refusal fails the task with a message naming the window and the sizes.
@Suite("The context window against the stub")
struct ContextBudgetTests {
    private static let history = (0..<12).flatMap { turn in
        [
            ChatMessage(role: .user, content: "第\(turn)个问题" + String(repeating: "孕", count: 80), timestamp: ""),
            ChatMessage(role: .assistant, content: "第\(turn)个回答" + String(repeating: "答", count: 80), timestamp: ""),
        ]
    }

    private func request() throws -> GenerationRequest {
        var request = try TestEngine.request()
        request.history = Self.history
        return request
    }

    @Test func aRefusalNamingTheContextGetsOneSmallerRetry() async throws {
        let tooLong = StubReply.error(
            400, "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens")
        try await OpenAIStub.with({ $0.index == 0 ? tooLong : .stream(StubStream.reply(StubStream.tokens("可以。"))) }) {
            stub in
            let logs = CapturedLogs()
            let backend = try TestEngine.backend(stub, logs: logs)
            let chunks = ChunkLog()
            try await backend.generate(try request()) { await chunks.append($0) }
            #expect(await chunks.text == "可以。")
            let sent = stub.requests.compactMap { $0.completion?.messages.count }
            #expect(sent.count == 2 && sent[1] < sent[0], "the retry carries less: \(sent)")
            #expect(logs.contains("retrying with half the history and passages"))
        }
    }

    /// llama.cpp's server answers a streaming request whose prompt is too long with an empty 200.
    @Test func twoEmptyStreamsFailNamingTheWindowAndTheSizes() async throws {
        try await OpenAIStub.with({ _ in .stream([]) }) { stub in
            let backend = try TestEngine.backend(stub)
            let error = await #expect(throws: BackendError.self) {
                try await backend.generate(try request()) { _ in }
            }
            let message = try #require(error?.detail)
            #expect(message.contains("context window") && message.contains("openai_context_tokens 4096"))
            #expect(message.contains("plus 64 for the reply"))
            #expect(
                error?.message.contains("上下文窗口（openai_context_tokens 4096）") == true, "the asker's words name it too")
            #expect(stub.requests.count == 2)
        }
    }

    /// Other refusals are not taken for a prompt too long.
    @Test func otherBadRequestsAreNotRetried() async throws {
        try await OpenAIStub.with({ _ in StubReply.error(400, "unknown field: foo") }) { stub in
            let backend = try TestEngine.backend(stub)
            let refused = BackendError(
                "模型服务拒绝了请求（HTTP 400）", detail: "the model server rejected the request (HTTP 400): unknown field: foo")
            await #expect(throws: refused) { try await backend.generate(try request()) { _ in } }
            #expect(stub.requests.count == 1)
        }
    }
}
