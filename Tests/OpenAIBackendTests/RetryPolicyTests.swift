import Foundation
import Testing

@testable import Engine

@Suite("Retry policy, Retry-After and the endpoint URL")
struct RetryPolicyTests {
    private let policy = RetryPolicy(
        retries: 5, baseDelay: .milliseconds(500), maxDelay: .seconds(8), maxRetryAfter: .seconds(30))

    @Test func backoffDoublesWithJitterUpToTheCap() {
        #expect(policy.delay(beforeRetry: 0, retryAfter: nil, jitter: 0) == .milliseconds(250))
        #expect(policy.delay(beforeRetry: 0, retryAfter: nil, jitter: 1) == .milliseconds(500))
        #expect(policy.delay(beforeRetry: 2, retryAfter: nil, jitter: 0) == .seconds(1))
        #expect(policy.delay(beforeRetry: 2, retryAfter: nil, jitter: 1) == .seconds(2))
        #expect(policy.delay(beforeRetry: 40, retryAfter: nil, jitter: 1) == .seconds(8))
        for retry in 0..<8 {
            let delay = policy.delay(beforeRetry: retry, retryAfter: nil)
            #expect(delay >= .milliseconds(250) && delay <= .seconds(8))
        }
    }

    @Test func retryAfterIsHonouredButCapped() {
        #expect(policy.delay(beforeRetry: 0, retryAfter: .seconds(3)) == .seconds(3))
        #expect(policy.delay(beforeRetry: 0, retryAfter: .seconds(3600)) == .seconds(30))
    }

    @Test func retryAfterHeaderInSecondsOrAsAnHTTPDate() throws {
        #expect(RetryAfterHeader.parse("120") == .seconds(120))
        #expect(RetryAfterHeader.parse(" 0.25 ") == .milliseconds(250))
        #expect(RetryAfterHeader.parse("-5") == .zero)
        let now = try #require(ISO8601DateFormatter().date(from: "2015-10-21T07:27:00Z"))
        #expect(RetryAfterHeader.parse("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(60))
        #expect(RetryAfterHeader.parse("Wed, 21 Oct 2015 07:20:00 GMT", now: now) == .zero)
        #expect(RetryAfterHeader.parse("soon") == nil)
    }

    @Test func retryableFailures() {
        #expect(OpenAIFailure.unreachable("refused").isRetryable)
        #expect(OpenAIFailure.status(code: 429, serverMessage: nil, retryAfter: nil).isRetryable)
        #expect(OpenAIFailure.status(code: 503, serverMessage: nil, retryAfter: nil).isRetryable)
        for code in [400, 401, 403, 404, 422] {
            #expect(!OpenAIFailure.status(code: code, serverMessage: nil, retryAfter: nil).isRetryable)
        }
        #expect(!OpenAIFailure.readTimeout(.seconds(1), tokens: 0).isRetryable)
        #expect(!OpenAIFailure.connectionLost("reset", tokens: 3).isRetryable)
    }

    @Test func endpointFromTheServerRootOrAVersionedBase() throws {
        #expect(
            try OpenAIEndpoint.chatCompletionsURL(base: "http://127.0.0.1:11434")
                == "http://127.0.0.1:11434/v1/chat/completions")
        #expect(
            try OpenAIEndpoint.chatCompletionsURL(base: "http://127.0.0.1:8000/")
                == "http://127.0.0.1:8000/v1/chat/completions")
        #expect(
            try OpenAIEndpoint.chatCompletionsURL(base: "https://api.deepseek.com/v1")
                == "https://api.deepseek.com/v1/chat/completions")
        #expect(
            try OpenAIEndpoint.chatCompletionsURL(base: "https://dashscope.aliyuncs.com/compatible-mode/v1")
                == "https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions")
        #expect(
            try OpenAIEndpoint.chatCompletionsURL(base: "https://open.bigmodel.cn/api/paas/v4/")
                == "https://open.bigmodel.cn/api/paas/v4/chat/completions")
        #expect(
            try OpenAIEndpoint.chatCompletionsURL(base: "http://gw.local/llm")
                == "http://gw.local/llm/v1/chat/completions")
        #expect(
            try OpenAIEndpoint.chatCompletionsURL(base: "http://gw.local/v1/chat/completions")
                == "http://gw.local/v1/chat/completions")
        for base in ["localhost:11434", "ftp://x"] {
            let refused = SettingsError(
                #"invalid openai_base_url "\#(base)": expected an http:// or https:// URL with a host"#)
            #expect(throws: refused) {
                try OpenAIEndpoint.chatCompletionsURL(base: base)
            }
        }
    }

    @Test func redactorBlanksTheKeyOut() {
        let redact = SecretRedactor(secret: "sk-secret-123")
        #expect(redact("Incorrect API key provided: sk-secret-123.") == "Incorrect API key provided: [redacted].")
        #expect(redact("nothing to hide") == "nothing to hide")
        #expect(SecretRedactor(secret: nil)("sk-secret-123") == "sk-secret-123")
    }
}
