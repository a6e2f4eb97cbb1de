import Engine
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The original system's flow, field by field: submit, poll, read the result; and the sync call.
@Suite struct SubmitAndPollTests {
    /// `2025-09-22T10:30:01.000Z`: ISO-8601 UTC with milliseconds, as the original sends.
    static func isISOMillis(_ text: Any?) -> Bool {
        guard let text = text as? String else { return false }
        return text.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/#) != nil
    }

    @Test func submitAnswersWithTheOriginalFieldsAndMessage() async throws {
        try await APIHarness.run { client, _ in
            let response = try await client.postJSON(
                "/api/v2/chat/qa/async",
                #"{"input":"孕妇最近出现头晕症状，需要什么建议？","maternal_id":123,"chat_id":"chat_123_pregnant_mother_uuid","user_type":"pregnant_mother","timestamp":"2025-09-22T10:30:00.000Z","file_id":[]}"#
            )
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let body = try EnvelopeBody(response)
            #expect(body.msg == "任务已创建，请使用task_id查询状态")
            let data = try #require(body.data)
            // The original's fields, `chat_id`, and the triage made at intake (`advice` only when not routine).
            #expect(Set(data.keys) == ["task_id", "status", "created_at", "status_url", "chat_id", "triage"])
            let taskID = try #require(data["task_id"] as? String)
            #expect(taskID.hasPrefix("task_"))
            #expect(data["status"] as? String == "pending")
            #expect(data["status_url"] as? String == "/api/v2/chat/qa/task/\(taskID)/status")
            #expect(data["chat_id"] as? String == "chat_123_pregnant_mother_uuid")
            #expect(Self.isISOMillis(data["created_at"]))
        }
    }

    @Test func aCompletedTaskCarriesTheSyncBodyAsResult() async throws {
        try await APIHarness.run { client, _ in
            let taskID = try await client.submit("孕期每天要补充多少叶酸")
            let data = try await client.waitUntilTerminal(taskID)
            #expect(data["status"] as? String == "completed")
            #expect(data["progress"] as? Int == 100)
            #expect(data["stage"] as? String == "done")
            for key in ["created_at", "started_at", "completed_at"] {
                #expect(Self.isISOMillis(data[key]), "\(key)")
            }
            #expect(data["queue_position"] == nil && data["error"] == nil && data["error_code"] == nil)
            let result = try #require(data["result"] as? [String: Any])
            #expect(result["code"] as? Int == 200)
            #expect(result["msg"] as? String == "success")
            let payload = try #require(result["data"] as? [String: Any])
            #expect(Set(payload.keys) == ["chat_meta", "session_title", "messages", "error"])
            #expect(payload["error"] is NSNull)
            #expect(payload["session_title"] as? String == "孕期每天要补充多少叶...")
            let messages = try #require(payload["messages"] as? [[String: Any]])
            #expect(messages.map { $0["role"] as? String } == ["user", "assistant"])
            #expect(messages[1]["triage"] != nil && messages[1]["references"] != nil)
            let meta = try #require(payload["chat_meta"] as? [String: Any])
            for key in [
                "chat_id", "maternal_id", "user_type", "created_at", "updated_at", "message_count", "backend", "triage",
            ] {
                #expect(meta[key] != nil, "chat_meta.\(key)")
            }
        }
    }

    @Test func pendingAndRunningStatusesCarryRetryAfterAndQueuePosition() async throws {
        try await APIHarness.run(["max_workers": "1", "simulated_latency_ms": "3000"]) { client, _ in
            let first = try await client.submit()
            try await client.waitUntilRunning(first)
            let second = try await client.submit()
            let response = try await client.get("/api/v2/chat/qa/task/\(second)/status")
            #expect(response.headers[.retryAfter] == "2")
            let body = try EnvelopeBody(response)
            #expect(body.msg == "获取任务状态成功")
            let data = try #require(body.data)
            #expect(data["status"] as? String == "pending")
            #expect(data["queue_position"] as? Int == 1)
            #expect(data["started_at"] == nil && data["completed_at"] == nil && data["result"] == nil)
            let running = try await client.get("/api/v2/chat/qa/task/\(first)/status")
            #expect(running.headers[.retryAfter] == "2")
            let finished = try await client.waitUntilTerminal(first)
            #expect(finished["status"] as? String == "completed")
            let done = try await client.get("/api/v2/chat/qa/task/\(first)/status")
            #expect(done.headers[.retryAfter] == nil)
        }
    }

    @Test func syncEndpointReturnsTheResultEnvelope() async throws {
        try await APIHarness.run { client, _ in
            let response = try await client.postJSON(
                "/api/v2/chat/qa", #"{"input":"产后恶露一般持续多久","maternal_id":9,"user_type":"postpartum_mother"}"#)
            let body = try EnvelopeBody(response)
            #expect(body.code == 200)
            #expect(body.msg == "success")
            let data = try #require(body.data)
            #expect(Set(data.keys) == ["chat_meta", "session_title", "messages", "error"])
            #expect((data["chat_meta"] as? [String: Any])?["maternal_id"] as? Int == 9)
        }
    }

    @Test func syncEndpointPastTaskTimeoutIs504WithTheTaskID() async throws {
        try await APIHarness.run(["task_timeout": "1", "simulated_latency_ms": "5000"]) { client, _ in
            let response = try await client.postJSON(
                "/api/v2/chat/qa", #"{"input":"孕期可以喝咖啡吗","maternal_id":9,"user_type":"pregnant_mother"}"#)
            let body = try EnvelopeBody(response)
            #expect(body.code == 504)
            let taskID = try #require(body.data?["task_id"] as? String)
            #expect(taskID.hasPrefix("task_"))
            #expect(body.data?["status_url"] as? String == "/api/v2/chat/qa/task/\(taskID)/status")
        }
    }

    @Test func failedTasksShowErrorAndErrorCodeOnly() async throws {
        try await APIHarness.run(["task_timeout": "1", "simulated_latency_ms": "5000"]) { client, _ in
            let taskID = try await client.submit()
            let data = try await client.waitUntilTerminal(taskID)
            #expect(data["status"] as? String == "failed")
            #expect(data["error_code"] as? String == "timeout")
            #expect((data["error"] as? String)?.isEmpty == false)
            #expect(data["result"] == nil && data["queue_position"] == nil)
        }
    }

    @Test func continuingAChatOfAnotherMotherIsAConflict() async throws {
        try await APIHarness.run { client, _ in
            let first = try await client.postJSON(
                "/api/v2/chat/qa/async",
                #"{"input":"你好","maternal_id":1,"user_type":"pregnant_mother","chat_id":"shared-chat"}"#)
            #expect(first.status == .ok)
            let second = try EnvelopeBody(
                try await client.postJSON(
                    "/api/v2/chat/qa/async",
                    #"{"input":"你好","maternal_id":2,"user_type":"pregnant_mother","chat_id":"shared-chat"}"#))
            #expect(second.code == 409)
            #expect(second.msg.contains("chat_id"))
        }
    }
}
