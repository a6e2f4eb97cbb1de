import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Beyond the original: cancel, Server-Sent Events, the task list and chat history.
@Suite struct TaskControlTests {
    @Test func cancellingAPendingTaskEndsItAndASecondCancelIsAConflict() async throws {
        try await APIHarness.run(["max_workers": "1", "simulated_latency_ms": "5000"]) { client, _ in
            _ = try await client.submit()
            let waiting = try await client.submit()
            let cancelled = try EnvelopeBody(
                try await client.execute(uri: "/api/v2/chat/qa/task/\(waiting)/cancel", method: .post))
            #expect(cancelled.code == 200)
            #expect(cancelled.msg == "任务已取消")
            #expect(cancelled.data?["status"] as? String == "failed")
            #expect(cancelled.data?["error_code"] as? String == "cancelled")
            let again = try EnvelopeBody(
                try await client.execute(uri: "/api/v2/chat/qa/task/\(waiting)/cancel", method: .post))
            #expect(again.code == 409)
            #expect(again.data?["task_id"] as? String == waiting)
        }
    }

    @Test func cancellingARunningTaskStopsIt() async throws {
        try await APIHarness.run(["max_workers": "1", "simulated_latency_ms": "20000"]) { client, _ in
            let running = try await client.submit()
            // Running first: a task cancelled while still pending would pass the checks below too.
            try await client.waitUntilRunning(running)
            let body = try EnvelopeBody(
                try await client.execute(uri: "/api/v2/chat/qa/task/\(running)/cancel", method: .post))
            #expect(body.code == 200)
            #expect(body.data?["error_code"] as? String == "cancelled" && body.data?["started_at"] != nil)
        }
    }

    @Test func eventsStreamFromPendingToCompleted() async throws {
        try await APIHarness.run(["max_workers": "1", "simulated_latency_ms": "1000"]) { client, _ in
            try await client.waitUntilRunning(try await client.submit())
            let taskID = try await client.submit()
            let response = try await client.get("/api/v2/chat/qa/task/\(taskID)/events")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
            let events = String(buffer: response.body).components(separatedBy: "\n\n")
                .compactMap { frame in frame.split(separator: "\n").first { $0.hasPrefix("data: ") } }
                .compactMap { try? JSONSerialization.jsonObject(with: Data($0.dropFirst(6).utf8)) as? [String: Any] }
            let statuses = events.compactMap { $0["status"] as? String }
            #expect(statuses.first == "pending")
            #expect(statuses.last == "completed")
            #expect(statuses.contains("running"))
            let progress = events.compactMap { $0["progress"] as? Int }
            #expect(progress == progress.sorted(), "progress never decreases")
            #expect(events.last?["result"] != nil)
            #expect(events.allSatisfy { $0["task_id"] as? String == taskID })
        }
    }

    @Test func listFiltersAndPages() async throws {
        try await APIHarness.run { client, _ in
            let ids = [
                try await client.submit(maternalID: 41), try await client.submit(maternalID: 41),
                try await client.submit(maternalID: 42),
            ]
            for id in ids { _ = try await client.waitUntilTerminal(id) }
            let first = try EnvelopeBody(try await client.get("/api/v2/chat/qa/tasks?maternal_id=41&limit=1"))
            #expect(first.code == 200)
            let page = try #require(first.data?["tasks"] as? [[String: Any]])
            #expect(page.count == 1)
            #expect(page[0]["task_id"] as? String == ids[1], "newest first")
            #expect(page[0]["result"] == nil && page[0]["maternal_id"] as? Int == 41)
            let cursor = try #require(first.data?["next_cursor"] as? String)
            let second = try EnvelopeBody(
                try await client.get("/api/v2/chat/qa/tasks?maternal_id=41&limit=1&cursor=\(cursor)"))
            #expect((second.data?["tasks"] as? [[String: Any]])?.first?["task_id"] as? String == ids[0])
            #expect(second.data?["next_cursor"] is NSNull)
            let completed = try EnvelopeBody(try await client.get("/api/v2/chat/qa/tasks?status=completed"))
            #expect((completed.data?["tasks"] as? [[String: Any]])?.count == 3)
            // Integers as JSON Schema counts them (the document declares both as integers); an empty
            // cursor is the first page.
            let spelled = try EnvelopeBody(
                try await client.get("/api/v2/chat/qa/tasks?maternal_id=41.0&limit=1e0&cursor="))
            #expect((spelled.data?["tasks"] as? [[String: Any]])?.first?["task_id"] as? String == ids[1])
        }
    }

    @Test(arguments: [
        "maternal_id=abc", "maternal_id=0", "maternal_id=9223372036854775808", "status=done", "limit=0", "limit=101",
        "limit=x", "cursor=zzz", "cursor=-5", "cursor=%2B5", "cursor=1234567890123456789",
    ])
    func badListParametersAreNamed(query: String) async throws {
        try await APIHarness.run { client, _ in
            let body = try EnvelopeBody(try await client.get("/api/v2/chat/qa/tasks?\(query)"))
            #expect(body.code == 400)
            let name = String(query.prefix { $0 != "=" })
            #expect(body.msg.contains(name), "\(body.msg)")
        }
    }

    @Test func chatHistoryListsBothTurns() async throws {
        try await APIHarness.run { client, _ in
            let submitted = try EnvelopeBody(
                try await client.postJSON(
                    "/api/v2/chat/qa/async",
                    #"{"input":"孕期可以喝咖啡吗","maternal_id":8,"user_type":"pregnant_mother","chat_id":"history-1"}"#))
            _ = try await client.waitUntilTerminal(try #require(submitted.data?["task_id"] as? String))
            let body = try EnvelopeBody(try await client.get("/api/v2/chat/history-1/messages"))
            #expect(body.code == 200)
            #expect(body.data?["chat_id"] as? String == "history-1")
            #expect(body.data?["maternal_id"] as? Int == 8)
            let messages = try #require(body.data?["messages"] as? [[String: Any]])
            #expect(messages.map { $0["role"] as? String } == ["user", "assistant"])
        }
    }
}
