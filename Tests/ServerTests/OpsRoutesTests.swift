import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Server

/// Health, metrics, the OpenAPI document and the listen policy.
@Suite struct OpsRoutesTests {
    @Test func healthReportsTheEngine() async throws {
        try await APIHarness.run(["max_workers": "3"]) { client, _ in
            let body = try EnvelopeBody(try await client.get("/healthz"))
            #expect(body.code == 200)
            #expect(body.data?["status"] as? String == "ok")
            #expect(body.data?["max_workers"] as? Int == 3)
        }
    }

    @Test func metricsExposeRequestsAndTasks() async throws {
        try await APIHarness.run { client, _ in
            let taskID = try await client.submit()
            _ = try await client.waitUntilTerminal(taskID)
            _ = try await client.get("/no-such-route")
            let response = try await client.get("/metrics")
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = String(buffer: response.body)
            for needle in [
                #"http_requests_total{route="/api/v2/chat/qa/async",method="POST",status="200"} 1"#,
                #"http_request_duration_seconds_bucket{route="/api/v2/chat/qa/task/{task_id}/status",method="GET",status="200""#,
                #"status="404""#, #"mqa_tasks{state="completed"} 1"#, "mqa_queue_depth 0", "mqa_workers_busy 0",
                "mqa_workers_max 2",
            ] {
                #expect(text.contains(needle), "\(needle)")
            }
        }
    }

    @Test func twoApplicationsKeepSeparateMetrics() async throws {
        try await APIHarness.run { first, _ in
            _ = try await first.get("/healthz")
            try await APIHarness.run { second, _ in
                let text = String(buffer: try await second.get("/metrics").body)
                #expect(!text.contains(#"route="/healthz""#))
            }
        }
    }

    @Test func openAPIDocumentIsServed() async throws {
        try await APIHarness.run { client, _ in
            let response = try await client.get("/openapi.json")
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
            let paths = try #require(document["paths"] as? [String: Any])
            for path in [
                APIPaths.submitAsync, APIPaths.submitSync, APIPaths.taskStatus, APIPaths.taskCancel,
                APIPaths.taskEvents, APIPaths.taskList, APIPaths.chatMessages, APIPaths.health, APIPaths.metrics,
            ] {
                #expect(paths[path] != nil, "\(path)")
            }
        }
    }

    @Test func liveServerAnswersOverTCP() async throws {
        try await APIHarness.run(setup: .live) { client, _ in
            let taskID = try await client.submit()
            let data = try await client.waitUntilTerminal(taskID)
            #expect(data["status"] as? String == "completed")
        }
    }

    @Test(arguments: [
        ("127.0.0.1", false, true), ("localhost", false, true), ("::1", false, true), ("127.1.2.3", false, true),
        ("0.0.0.0", false, false), ("192.168.1.5", false, false), ("0.0.0.0", true, true),
    ])
    func remoteListenersNeedKeysOrAnOptIn(host: String, optIn: Bool, allowed: Bool) {
        #expect((ListenPolicy.refusal(host: host, apiKeys: [], allowUnauthenticatedRemote: optIn) == nil) == allowed)
        #expect(ListenPolicy.refusal(host: host, apiKeys: ["k"], allowUnauthenticatedRemote: false) == nil)
    }
}
