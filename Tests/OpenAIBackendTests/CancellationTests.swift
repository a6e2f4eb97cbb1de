import Testing

@testable import Engine

@Suite("Cancelling mid-stream")
struct CancellationTests {
    /// A reply that would take minutes: a token every 50 ms.
    private static let endless: [StubStep] =
        [.data(StubStream.chunk(content: "", role: "assistant"))]
        + (0..<3000).flatMap { _ in [StubStep.pause(.milliseconds(50)), .data(StubStream.chunk(content: "字"))] }

    @Test func cancellingTheTaskClosesTheHTTPRequest() async throws {
        try await OpenAIStub.with({ _ in .stream(Self.endless) }) { stub in
            let backend = try TestEngine.backend(stub, maxTokens: 200)
            try await TestEngine.withManager(backend: backend) { manager in
                let updates = await manager.allUpdates()
                let id = try await manager.submit(
                    QARequest(input: "孕期可以喝咖啡吗", maternalID: 1, userType: .pregnant_mother)
                ).snapshot.id
                // Tokens are flowing once progress moves past the start of generation.
                var streaming = false
                for await update in updates where update.snapshot.id == id {
                    if update.snapshot.status.isTerminal { break }
                    if update.snapshot.stage == .generation, update.snapshot.progress > StageProgress.generationStart {
                        streaming = true
                        break
                    }
                }
                try #require(streaming, "the task ended before the stream started")
                let ended = try await manager.cancel(id)
                #expect(ended.status == .failed)
                #expect(ended.errorCode == .cancelled)
                #expect(await stub.waitForClosedConnections(1), "the stub never saw the connection close")
            }
            #expect(stub.requests.count == 1)
        }
    }

    @Test func cancellingTheCallingTaskStopsGenerateWithCancellationError() async throws {
        try await OpenAIStub.with({ _ in .stream(Self.endless) }) { stub in
            let backend = try TestEngine.backend(stub, maxTokens: 10_000)
            let chunks = ChunkLog()
            let generation = Task {
                try await backend.generate(try TestEngine.request()) { await chunks.append($0) }
            }
            let deadline = ContinuousClock.now + .seconds(120)
            while await chunks.chunks.count < 3, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            try #require(await chunks.chunks.count >= 3, "no tokens arrived")
            generation.cancel()
            await #expect(throws: CancellationError.self) { try await generation.value }
            #expect(await stub.waitForClosedConnections(1), "the stub never saw the connection close")
        }
    }
}
