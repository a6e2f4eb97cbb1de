import Testing

@testable import Engine

@Suite("Streaming against the stub")
struct StreamingTests {
    @Test func streamsTheReplyAndSendsAProperRequest() async throws {
        let reply = "孕期每天咖啡因不超过200毫克[1]。"
        try await OpenAIStub.with({ _ in .stream(StubStream.reply(StubStream.tokens(reply))) }) { stub in
            let backend = try TestEngine.backend(stub, maxTokens: 100)
            let chunks = ChunkLog()
            try await backend.generate(try TestEngine.request()) { await chunks.append($0) }

            #expect(await chunks.text == reply)
            #expect(await chunks.chunks.last?.fraction == 1)
            let request = try #require(stub.requests.first)
            #expect(request.method == "POST" && request.path == "/v1/chat/completions")
            #expect(request.headers["content-type"] == "application/json")
            #expect(request.headers["accept"] == "text/event-stream")
            #expect(request.headers["authorization"] == nil)
            let body = try #require(request.completion)
            #expect(body.model == TestEngine.model)
            #expect(body.stream == true && body.stream_options?.include_usage == true)
            #expect(body.max_tokens == 100 && body.temperature == 0.2)
            #expect(body.messages.map(\.role) == ["system", "user"])
            #expect(body.messages.last?.content == "孕期可以喝咖啡吗")
            // Retrieval-augmented: the knowledge-base passage about caffeine is in the prompt.
            #expect(body.messages[0].content.contains("[1] 孕期咖啡因"))
        }
    }

    /// Tokens that arrive in one network read come as one chunk, so the count of chunks depends
    /// on timing; what they say does not: tokens so far over max_tokens, rising, then 1 at the end.
    @Test func progressFollowsTokensAgainstMaxTokens() async throws {
        let tokens = Array(repeating: "好", count: 10)
        try await OpenAIStub.with({ _ in .stream(StubStream.reply(tokens, pause: .milliseconds(5))) }) { stub in
            let backend = try TestEngine.backend(stub, maxTokens: 40)
            let chunks = ChunkLog()
            try await backend.generate(try TestEngine.request()) { await chunks.append($0) }
            let fractions = await chunks.chunks.map(\.fraction)
            #expect(fractions.last == 1)
            let streamed = fractions.dropLast()
            #expect(streamed.last == 10.0 / 40)
            #expect(streamed.allSatisfy { fraction in (1...10).contains { Double($0) / 40 == fraction } })
            #expect(Array(streamed) == streamed.sorted() && Set(streamed).count == streamed.count)
            #expect(await chunks.text == String(repeating: "好", count: 10))
        }
    }

    /// Slow tokens through a real TaskManager: the task's published progress climbs step by step
    /// during generation instead of jumping from its start to the end.
    @Test func slowTokensMoveTheTaskProgress() async throws {
        let tokens = Array(repeating: "慢", count: 20)
        try await OpenAIStub.with({ _ in .stream(StubStream.reply(tokens, pause: .milliseconds(50))) }) { stub in
            let backend = try TestEngine.backend(stub, maxTokens: 20)
            let seen = try await TestEngine.withManager(backend: backend) { manager in
                try await TestEngine.run("孕期可以喝咖啡吗", on: manager)
            }
            let final = try #require(seen.last)
            #expect(final.status == .completed)
            #expect(final.result?.reply?.content.hasPrefix(String(repeating: "慢", count: 20)) == true)
            #expect(final.result?.chatMeta.backend == "openai")
            let generating = seen.filter { $0.stage == .generation }.map(\.progress)
            // Tokens 50 ms apart: even a busy machine that reads several at once moves the bar
            // through several steps.
            #expect(Set(generating).count >= 4, "progress during generation: \(generating)")
            #expect(generating == generating.sorted())
            #expect(seen.map(\.progress) == seen.map(\.progress).sorted())
        }
    }

    @Test func keepAliveCommentsAndCRLFFromRealServersAreUnderstood() async throws {
        let steps: [StubStep] = [
            .raw(": ping\r\n\r\n"),
            .raw("data: \(StubStream.chunk(content: "你"))\r\n"),
            .raw("\r\n"),
            .raw("data: \(StubStream.chunk(content: "好", finishReason: "stop"))\r\n\r\ndata: [DO"),
            .raw("NE]\r\n\r\n"),
        ]
        try await OpenAIStub.with({ _ in .stream(steps) }) { stub in
            let chunks = ChunkLog()
            try await TestEngine.backend(stub).generate(try TestEngine.request()) { await chunks.append($0) }
            #expect(await chunks.text == "你好")
        }
    }

    @Test func historyOfTheChatIsSentOnTheNextTurn() async throws {
        try await OpenAIStub.with({ request in
            .stream(StubStream.reply(StubStream.tokens(request.index == 0 ? "第一次回答" : "第二次回答")))
        }) { stub in
            let backend = try TestEngine.backend(stub)
            try await TestEngine.withManager(backend: backend) { manager in
                let first = try await manager.submit(
                    QARequest(input: "孕期可以喝咖啡吗", maternalID: 3, userType: .pregnant_mother))
                _ = try await manager.waitForTerminal(first.snapshot.id, timeout: .seconds(60))
                let second = try await manager.submit(
                    QARequest(input: "那茶呢", maternalID: 3, userType: .pregnant_mother, chatID: first.snapshot.chatID))
                let done = try await manager.waitForTerminal(second.snapshot.id, timeout: .seconds(60))
                #expect(done?.status == .completed)
            }
            let messages = try #require(stub.requests.last?.completion?.messages)
            #expect(messages.map(\.role) == ["system", "user", "assistant", "user"])
            #expect(messages[1].content == "孕期可以喝咖啡吗")
            #expect(messages[2].content.hasPrefix("第一次回答"))
            #expect(!messages[2].content.contains(SafetyText.disclaimer))
            #expect(messages[3].content == "那茶呢")
        }
    }
}
