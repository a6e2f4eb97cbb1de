import Testing

@testable import Engine

@Suite("Retries against the stub")
struct RetryTests {
    private let ok = StubReply.stream(StubStream.reply(StubStream.tokens("可以适量喝。")))

    @Test func rateLimitedWithRetryAfterThenSucceeds() async throws {
        let ok = self.ok
        try await OpenAIStub.with({ request in
            request.index == 0 ? .error(429, "rate limit reached", headers: ["Retry-After": "0.2"]) : ok
        }) { stub in
            let logs = CapturedLogs()
            let chunks = ChunkLog()
            try await TestEngine.backend(stub, logs: logs).generate(try TestEngine.request()) {
                await chunks.append($0)
            }
            #expect(await chunks.text == "可以适量喝。")
            #expect(stub.requests.count == 2)
            // The server's 200 ms were waited, not the policy's 5–10 ms backoff.
            #expect(logs.contains("retry_in_ms=200"), "\(logs.all)")
        }
    }

    @Test func retryAfterLongerThanTheCapIsCapped() async throws {
        let ok = self.ok
        try await OpenAIStub.with({ request in
            request.index == 0 ? .error(429, "slow down", headers: ["Retry-After": "3600"]) : ok
        }) { stub in
            let logs = CapturedLogs()
            try await TestEngine.backend(stub, logs: logs).generate(try TestEngine.request()) { _ in }
            #expect(logs.contains("retry_in_ms=300"), "\(logs.all)")
        }
    }

    @Test func serverErrorThenSucceeds() async throws {
        let ok = self.ok
        try await OpenAIStub.with({ request in request.index == 0 ? .error(500, "internal error") : ok }) { stub in
            let chunks = ChunkLog()
            try await TestEngine.backend(stub).generate(try TestEngine.request()) { await chunks.append($0) }
            #expect(await chunks.text == "可以适量喝。")
            #expect(stub.requests.count == 2)
        }
    }

    @Test func persistentServerErrorEndsTheTaskWithBackendError() async throws {
        try await OpenAIStub.with({ _ in .error(503, "model is loading") }) { stub in
            let seen = try await TestEngine.withManager(backend: try TestEngine.backend(stub)) { manager in
                try await TestEngine.run("孕期可以喝咖啡吗", on: manager)
            }
            let final = try #require(seen.last)
            #expect(final.status == .failed)
            #expect(final.errorCode == .backend_error)
            #expect(final.errorDetail == "the model server failed (HTTP 503): model is loading (after 3 attempts)")
            #expect(stub.requests.count == 3)  // the first try and openai_retries = 2
        }
    }

    @Test func clientErrorsAreNotRetriedAndCarryTheServerMessage() async throws {
        try await OpenAIStub.with({ _ in .error(400, "max_tokens is too large for this model") }) { stub in
            let error = await #expect(throws: BackendError.self) {
                try await TestEngine.backend(stub).generate(try TestEngine.request()) { _ in }
            }
            #expect(
                error?.detail
                    == "the model server rejected the request (HTTP 400): max_tokens is too large for this model")
            #expect(stub.requests.count == 1)
        }
    }

    /// Following would replay the request, key included, to wherever the redirect points.
    @Test func redirectsAreNotFollowed() async throws {
        try await OpenAIStub.with({ _ in .status(307, headers: ["Location": "http://127.0.0.1:9/v1/chat/completions"]) }
        ) { stub in
            let error = await #expect(throws: BackendError.self) {
                try await TestEngine.backend(stub, apiKey: "sk-test").generate(try TestEngine.request()) { _ in }
            }
            #expect(error?.detail?.hasPrefix("the model server redirected the request (HTTP 307)") == true)
            #expect(stub.requests.count == 1)
        }
    }

    @Test func unknownModelSaysWhatToCheck() async throws {
        try await OpenAIStub.with({ _ in .error(404, "model 'stub-model' not found") }) { stub in
            let error = await #expect(throws: BackendError.self) {
                try await TestEngine.backend(stub).generate(try TestEngine.request()) { _ in }
            }
            #expect(error?.detail?.contains("model 'stub-model' not found") == true)
            #expect(error?.detail?.contains("check openai_base_url and openai_model") == true)
            #expect(stub.requests.count == 1)
        }
    }

    @Test func plainTextErrorBodiesAreQuoted() async throws {
        try await OpenAIStub.with({ _ in .status(502, body: "Bad Gateway\n") }) { stub in
            let error = await #expect(throws: BackendError.self) {
                try await TestEngine.backend(stub).generate(try TestEngine.request()) { _ in }
            }
            #expect(error?.detail == "the model server failed (HTTP 502): Bad Gateway (after 3 attempts)")
        }
    }

    @Test func unreachableServerIsRetriedThenReported() async throws {
        let settings = OpenAISettings(baseURL: "http://127.0.0.1:1", model: "stub", apiKey: nil, retries: 2)
        let logs = CapturedLogs()
        let backend = try OpenAIBackend(settings: settings, retryPolicy: TestEngine.quickRetries, logger: logs.logger())
        let error = await #expect(throws: BackendError.self) {
            try await backend.generate(try TestEngine.request()) { _ in }
        }
        #expect(error?.detail?.hasPrefix("cannot reach the model server") == true, "\(String(describing: error))")
        #expect(error?.detail?.hasSuffix("(after 3 attempts)") == true)
        #expect(logs.all.filter { $0.contains("retrying") }.count == 2)
    }
}
