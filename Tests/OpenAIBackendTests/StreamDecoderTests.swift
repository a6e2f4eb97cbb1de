import Testing

@testable import Engine

@Suite("Chat completion stream decoder")
struct StreamDecoderTests {
    private func event(_ payload: String, type: String? = nil) -> ServerSentEvent {
        ServerSentEvent(type: type, data: payload)
    }

    @Test func collectsContentCountsTokensAndEndsOnDone() throws {
        var decoder = ChatCompletionStreamDecoder()
        var deltas: [StreamDelta] = []
        let stream = StubStream.reply(["孕", "期", "可以"]).compactMap { step -> String? in
            if case .data(let payload) = step { return payload }
            return nil
        }
        for payload in stream {
            if let delta = try decoder.consume(event(payload)) { deltas.append(delta) }
        }
        try decoder.finish()
        #expect(
            deltas == [
                StreamDelta(text: "孕", tokens: 1), StreamDelta(text: "期", tokens: 2),
                StreamDelta(text: "可以", tokens: 3),
            ])
        #expect(decoder.finishReason == "stop")
        #expect(decoder.isDone)
    }

    @Test func reasoningCountsAsTokensButIsNotReplyText() throws {
        var decoder = ChatCompletionStreamDecoder()
        let thinking = try decoder.consume(event(#"{"choices":[{"delta":{"reasoning_content":"先想想"}}]}"#))
        let ollamaThinking = try decoder.consume(event(#"{"choices":[{"delta":{"reasoning":"再想想"}}]}"#))
        let reply = try decoder.consume(event(#"{"choices":[{"delta":{"content":"答案"},"finish_reason":"stop"}]}"#))
        #expect(thinking == StreamDelta(text: "", tokens: 1))
        #expect(ollamaThinking == StreamDelta(text: "", tokens: 2))
        #expect(reply == StreamDelta(text: "答案", tokens: 3))
        try decoder.finish()
    }

    @Test func usageRaisesTheTokenCountWhenTheServerBatchesTokens() throws {
        var decoder = ChatCompletionStreamDecoder()
        _ = try decoder.consume(event(StubStream.chunk(content: "a batch of several tokens")))
        _ = try decoder.consume(event(StubStream.usage(completionTokens: 6)))
        #expect(decoder.tokens == 6)
    }

    @Test func eventsAfterDoneAreIgnored() throws {
        var decoder = ChatCompletionStreamDecoder()
        _ = try decoder.consume(event(StubStream.chunk(content: "好")))
        _ = try decoder.consume(event("[DONE]"))
        #expect(try decoder.consume(event("not json at all")) == nil)
        try decoder.finish()
    }

    @Test func aFinishReasonWithoutDoneIsAProperEnd() throws {
        var decoder = ChatCompletionStreamDecoder()
        _ = try decoder.consume(event(StubStream.chunk(content: "好")))
        _ = try decoder.consume(event(StubStream.chunk(finishReason: "length")))
        try decoder.finish()
        #expect(decoder.finishReason == "length")
    }

    @Test func noDoneAndNoFinishReasonIsTruncated() throws {
        var decoder = ChatCompletionStreamDecoder()
        _ = try decoder.consume(event(StubStream.chunk(content: "好")))
        #expect(throws: OpenAIFailure.truncated(tokens: 1)) { try decoder.finish() }
    }

    @Test func whitespaceOnlyIsAnEmptyReply() throws {
        var decoder = ChatCompletionStreamDecoder()
        _ = try decoder.consume(event(StubStream.chunk(content: " \n")))
        _ = try decoder.consume(event("[DONE]"))
        #expect(throws: OpenAIFailure.emptyReply) { try decoder.finish() }
    }

    @Test func malformedJSONIsReportedWithASnippet() {
        var decoder = ChatCompletionStreamDecoder()
        #expect(throws: OpenAIFailure.malformedChunk("{\"choices\": [")) {
            try decoder.consume(event("{\"choices\": ["))
        }
    }

    @Test func errorsInsideTheStreamAreReported() {
        var decoder = ChatCompletionStreamDecoder()
        #expect(throws: OpenAIFailure.streamError("model overloaded")) {
            try decoder.consume(event(#"{"error":{"message":"model overloaded","type":"server_error"}}"#))
        }
        #expect(throws: OpenAIFailure.streamError("out of memory")) {
            try decoder.consume(event(#"{"message":"out of memory"}"#, type: "error"))
        }
    }
}
