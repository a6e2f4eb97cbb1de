import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Queue limits and retries: 429 with `Retry-After`, and `Idempotency-Key`.
@Suite struct BackPressureTests {
    static let question = #"{"input":"孕期可以喝咖啡吗","maternal_id":5,"user_type":"pregnant_mother"}"#
    static let keyField = HTTPField.Name("Idempotency-Key")!

    @Test func aFullQueueAnswers429WithRetryAfter() async throws {
        try await APIHarness.run(["max_workers": "1", "max_queue": "2", "simulated_latency_ms": "5000"]) { client, _ in
            var refused: TestResponse?
            // One runs, two wait; within a few more the queue is full whatever the timing.
            for _ in 0..<6 {
                let response = try await client.postJSON("/api/v2/chat/qa/async", Self.question)
                if response.status == .tooManyRequests {
                    refused = response
                    break
                }
            }
            let response = try #require(refused)
            let body = try EnvelopeBody(response)
            #expect(body.code == 429)
            #expect(body.msg.contains("队列已满"))
            let retryAfter = try #require(response.headers[.retryAfter].flatMap(Int.init))
            #expect(retryAfter >= 1)
        }
    }

    @Test func sameKeySameBodyReturnsTheSameTask() async throws {
        try await APIHarness.run { client, _ in
            let headers: HTTPFields = [Self.keyField: "key-1"]
            let first = try EnvelopeBody(
                try await client.postJSON("/api/v2/chat/qa/async", Self.question, headers: headers))
            let again = try await client.postJSON("/api/v2/chat/qa/async", Self.question, headers: headers)
            let second = try EnvelopeBody(again)
            #expect(first.code == 200 && second.code == 200)
            #expect(first.data?["task_id"] as? String == second.data?["task_id"] as? String)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
        }
    }

    @Test func sameKeyDifferentBodyIsAConflict() async throws {
        try await APIHarness.run { client, _ in
            let headers: HTTPFields = [Self.keyField: "key-2"]
            _ = try await client.postJSON("/api/v2/chat/qa/async", Self.question, headers: headers)
            let other = #"{"input":"另一个问题","maternal_id":5,"user_type":"pregnant_mother"}"#
            let body = try EnvelopeBody(try await client.postJSON("/api/v2/chat/qa/async", other, headers: headers))
            #expect(body.code == 409)
            #expect(body.msg.contains("Idempotency-Key"))
        }
    }
}
