import Testing

@testable import Engine

@Suite("Falling back to the local engine")
struct FallbackTests {
    @Test func brokenModelIsReplacedByTheLocalAnswer() async throws {
        let halfReply: [StubStep] = [.data(StubStream.chunk(content: "模型的半句话")), .dropConnection]
        try await OpenAIStub.with({ _ in .stream(halfReply) }) { stub in
            let logs = CapturedLogs()
            let backend = FallbackBackend(
                primary: try TestEngine.backend(stub), fallback: LocalBackend(), logger: logs.logger())
            #expect(backend.name == "openai")
            let seen = try await TestEngine.withManager(backend: backend) { manager in
                try await TestEngine.run("孕期可以喝咖啡吗", on: manager)
            }
            let final = try #require(seen.last)
            #expect(final.status == .completed)
            #expect(final.result?.chatMeta.backend == "local (fallback)")
            let local = ChunkLog()
            try await LocalBackend().generate(try TestEngine.request()) { await local.append($0) }
            let reply = try #require(final.result?.reply?.content)
            #expect(reply.contains(await local.text))
            #expect(!reply.contains("模型的半句话"))
            #expect(logs.contains("answering with the local engine instead"))
            #expect(logs.contains("lost mid-stream"))
        }
    }

    @Test func workingModelStillAnswersWhenFallbackIsOn() async throws {
        try await OpenAIStub.with({ _ in .stream(StubStream.reply(StubStream.tokens("模型的回答。"))) }) { stub in
            let backend = FallbackBackend(
                primary: try TestEngine.backend(stub), fallback: LocalBackend(), logger: CapturedLogs().logger())
            let seen = try await TestEngine.withManager(backend: backend) { manager in
                try await TestEngine.run("孕期可以喝咖啡吗", on: manager)
            }
            let final = try #require(seen.last)
            #expect(final.result?.chatMeta.backend == "openai")
            #expect(final.result?.reply?.content.hasPrefix("模型的回答。") == true)
            #expect(seen.filter { $0.stage == .generation }.count >= 2, "progress should move while the model streams")
        }
    }
}
