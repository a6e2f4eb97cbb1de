import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Refusals that come from routing rather than from a body: still the envelope, status == code.
@Suite struct RoutingErrorTests {
    @Test func unknownRouteIs404InTheEnvelope() async throws {
        try await APIHarness.run { client, _ in
            let body = try EnvelopeBody(try await client.get("/api/v1/nothing-here"))
            #expect(body.code == 404)
            #expect(body.msg.contains("接口不存在"))
        }
    }

    @Test func unknownTaskIs404() async throws {
        try await APIHarness.run { client, _ in
            for path in ["status", "events"] {
                let body = try EnvelopeBody(try await client.get("/api/v2/chat/qa/task/task_nope/\(path)"))
                #expect(body.code == 404)
                #expect(body.msg == "任务不存在或已过期")
            }
            let cancel = try EnvelopeBody(
                try await client.execute(uri: "/api/v2/chat/qa/task/task_nope/cancel", method: .post))
            #expect(cancel.code == 404)
        }
    }

    @Test(arguments: [
        ("/api/v2/chat/qa/async", HTTPRequest.Method.get, "POST"),
        ("/api/v2/chat/qa", .put, "POST"),
        ("/api/v2/chat/qa/async", .head, "POST"),
        ("/api/v2/chat/qa/task/task_x/status", .post, "GET, HEAD"),
        ("/api/v2/chat/qa/task/task_x/cancel", .get, "POST"),
        ("/api/v2/chat/qa/tasks", .delete, "GET, HEAD"),
        ("/api/v2/chat/some-chat/messages", .options, "GET, HEAD"),
        ("/healthz", .post, "GET, HEAD"),
        ("/api/v2/chat/qa/task/task_x/events", .trace, "GET, HEAD"),
        ("/openapi.json", .trace, "GET, HEAD"),
        // Extension methods too, which no list of methods to register would name.
        ("/api/v2/chat/qa/tasks", HTTPRequest.Method("QUERY")!, "GET, HEAD"),
        ("/metrics", HTTPRequest.Method("BREW")!, "GET, HEAD"),
    ])
    func wrongMethodIs405WithAllow(path: String, method: HTTPRequest.Method, allow: String) async throws {
        try await APIHarness.run { client, _ in
            let response = try await client.execute(uri: path, method: method)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == allow)
            if method != .head {  // a HEAD answer has no body
                #expect(try EnvelopeBody(response).msg.contains(allow))
            }
        }
    }

    @Test func unknownChatIs404() async throws {
        try await APIHarness.run { client, _ in
            let body = try EnvelopeBody(try await client.get("/api/v2/chat/chat_nope/messages"))
            #expect(body.code == 404)
            #expect(body.msg.contains("chat_nope"))
        }
    }

    @Test func badIdempotencyKeyIs400() async throws {
        try await APIHarness.run { client, _ in
            let response = try await client.postJSON(
                "/api/v2/chat/qa/async", #"{"input":"a","maternal_id":1,"user_type":"doctor"}"#,
                headers: [HTTPField.Name("Idempotency-Key")!: String(repeating: "k", count: 300)])
            let body = try EnvelopeBody(response)
            #expect(body.code == 400)
            #expect(body.msg.contains("Idempotency-Key"))
        }
    }
}
