import Testing

@testable import Engine

@Suite("Broken streams against the stub")
struct StreamFailureTests {
    /// Runs one generation against a stub answering every request with `steps`; returns the error.
    private func failure(of steps: [StubStep], readTimeout: Duration = .seconds(120)) async throws -> (
        BackendError?, Int
    ) {
        try await OpenAIStub.with({ _ in .stream(steps) }) { stub in
            let backend = try TestEngine.backend(stub, readTimeout: readTimeout)
            let error = await #expect(throws: BackendError.self) {
                try await backend.generate(try TestEngine.request()) { _ in }
            }
            return (error, stub.requests.count)
        }
    }

    private let opening: [StubStep] = [
        .data(StubStream.chunk(content: "", role: "assistant")), .data(StubStream.chunk(content: "孕期")),
    ]

    @Test func malformedChunk() async throws {
        let (error, requests) = try await failure(
            of: opening + [.data("{\"choices\": [{\"delta\": {\"content\": \"x\"}"), .data("[DONE]")])
        #expect(
            error?.detail
                == "the model server sent a malformed stream chunk: {\"choices\": [{\"delta\": {\"content\": \"x\"}")
        #expect(requests == 1)  // text already went out: never retried
    }

    /// When the tokens and the close arrive in one read (a loaded machine), the HTTP client drops
    /// the tokens and reports the close: the count may be 0 or 1, the failure is the same.
    @Test func connectionDroppedMidStream() async throws {
        let (error, requests) = try await failure(of: opening + [.dropConnection])
        let message = try #require(error?.detail)
        #expect(message.hasPrefix("the connection to the model server was lost mid-stream after "), "\(message)")
        #expect(requests == 1)
    }

    @Test func streamEndingWithoutDoneOrFinishReasonIsTruncated() async throws {
        let (error, _) = try await failure(of: opening)
        #expect(error?.detail == "the model stream ended early (no [DONE] and no finish_reason) after 1 token")
    }

    /// Whether the quiet spell is noticed before or after the first tokens depends on how loaded
    /// the machine is; either way it is the read timeout, and it is not retried.
    @Test func readTimeoutWhenTheServerGoesQuiet() async throws {
        let (error, requests) = try await failure(of: opening + [.stallUntilClosed], readTimeout: .seconds(1))
        let message = try #require(error?.detail)
        #expect(message.hasPrefix("the model server sent nothing for 1 s "), "\(message)")
        #expect(message.hasSuffix(" (openai_read_timeout)"))
        #expect(requests <= 1)
    }

    @Test func emptyReply() async throws {
        let (error, _) = try await failure(of: StubStream.reply([]))
        #expect(error?.detail == "the model returned an empty reply")
    }

    @Test func errorReportedInsideTheStream() async throws {
        let (error, _) = try await failure(of: opening + [.data(#"{"error":{"message":"CUDA out of memory"}}"#)])
        #expect(error?.detail == "the model server reported an error mid-stream: CUDA out of memory")
    }

    @Test func jsonInsteadOfAnEventStream() async throws {
        try await OpenAIStub.with({ _ in
            .status(
                200, headers: ["Content-Type": "application/json"], body: #"{"choices":[{"message":{"content":"hi"}}]}"#
            )
        }) { stub in
            let error = await #expect(throws: BackendError.self) {
                try await TestEngine.backend(stub).generate(try TestEngine.request()) { _ in }
            }
            #expect(error?.detail?.contains("instead of an event stream") == true)
        }
    }

    /// Through the engine: a broken stream ends the task `failed` with `backend_error`.
    @Test func brokenStreamFailsTheTaskWithBackendError() async throws {
        try await OpenAIStub.with({ [opening] _ in .stream(opening + [.dropConnection]) }) { stub in
            let seen = try await TestEngine.withManager(backend: try TestEngine.backend(stub)) { manager in
                try await TestEngine.run("孕期可以喝咖啡吗", on: manager)
            }
            let final = try #require(seen.last)
            #expect(final.status == .failed && final.errorCode == .backend_error)
            #expect(final.errorDetail?.contains("lost mid-stream") == true)
            #expect(final.result == nil)
        }
    }
}
