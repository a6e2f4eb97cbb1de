import Testing

@testable import Engine

/// Reasoning models' `<think>` blocks never reach the answer, however the stream splits the tags.
@Suite struct ThinkBlockFilterTests {
    @Test func everySplitGivesTheSameReply() {
        let reply = "<think>先想想：出血量？</think>\n\n请立即就医。<think>再想</think>别等。a < b <thin"
        let characters = Array(reply)
        for cut in 1..<characters.count {
            for second in cut..<characters.count {
                var filter = ThinkBlockFilter()
                let pieces = [
                    String(characters[..<cut]), String(characters[cut..<second]), String(characters[second...]),
                ]
                let text = pieces.map { filter.feed($0) }.joined() + filter.finish()
                #expect(text == "\n\n请立即就医。别等。a < b <thin", "cuts \(cut), \(second)")
            }
        }
    }

    @Test func textOutsideABlockGoesOutAsSoonAsItIsClear() {
        var filter = ThinkBlockFilter()
        #expect(filter.feed("好的<") == "好的")
        #expect(filter.feed("b>粗体") == "<b>粗体")
        #expect(filter.feed("<think>") == "")
        #expect(filter.feed("想法") == "")
        #expect(filter.finish() == "", "a block never closed is all thinking")
    }
}

@Suite("Reasoning models against the stub")
struct ReasoningModelTests {
    /// `<think>` in `content` (a server without a reasoning parser) and `reasoning_content` (one
    /// with): neither reaches the answer or its pieces, and both move progress while the model thinks.
    @Test func thinkingNeverReachesTheAnswerButMovesProgress() async throws {
        let reasoning = (0..<6).map { _ in #"{"choices":[{"index":0,"delta":{"reasoning_content":"想"}}]}"# }
        let steps =
            [StubStep.data(StubStream.chunk(content: "", role: "assistant"))]
            + reasoning.flatMap { [StubStep.pause(.milliseconds(20)), .data($0)] }
            + StubStream.tokens("<think>先想想出血量</think>\n\n少量咖啡一般可以。").map {
                StubStep.data(StubStream.chunk(content: $0))
            }
            + [.data(StubStream.chunk(finishReason: "stop")), .data("[DONE]")]
        try await OpenAIStub.with({ _ in .stream(steps) }) { stub in
            let backend = try TestEngine.backend(stub, maxTokens: 100)
            let chunks = ChunkLog()
            try await backend.generate(try TestEngine.request()) { await chunks.append($0) }
            #expect(await chunks.text == "\n\n少量咖啡一般可以。")
            let thinking = await chunks.chunks.prefix { $0.text.isEmpty }.map(\.fraction)
            #expect(
                thinking.count >= 2 && thinking == thinking.sorted() && thinking.last! > 0.05,
                "progress moved while nothing was written: \(thinking)")
        }
    }
}
