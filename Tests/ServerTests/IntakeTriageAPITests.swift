import Engine
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Triage runs at intake: the submit answer, every status body, the event stream and the list
/// carry it from the first moment, pending included, and emergencies jump the queue.
@Suite struct IntakeTriageAPITests {
    static let emergency = "怀孕32周，阴道大量出血，肚子一阵一阵剧痛"

    @Test func submitCarriesTriageAlwaysAndAdviceOnlyWhenNotRoutine() async throws {
        try await APIHarness.run { client, _ in
            let urgent = try EnvelopeBody(
                try await client.postJSON(
                    "/api/v2/chat/qa/async",
                    #"{"input":"\#(Self.emergency)","maternal_id":5,"user_type":"family_member"}"#))
            let data = try #require(urgent.data)
            let triage = try #require(data["triage"] as? [String: Any])
            #expect(Set(triage.keys) == ["level", "signs"])
            #expect(triage["level"] as? String == "emergency")
            let signs = try #require(triage["signs"] as? [String])
            #expect(signs.contains("vaginal_bleeding"))
            let expected = try #require(TriageEngine().assess(Self.emergency, userType: .family_member).instruction)
            #expect(data["advice"] as? String == expected)

            let routine = try EnvelopeBody(
                try await client.postJSON(
                    "/api/v2/chat/qa/async", #"{"input":"孕期可以喝咖啡吗","maternal_id":5,"user_type":"pregnant_mother"}"#))
            let routineTriage = try #require(routine.data?["triage"] as? [String: Any])
            #expect(routineTriage["level"] as? String == "routine")
            #expect((routineTriage["signs"] as? [Any])?.isEmpty == true)
            #expect(routine.data?["advice"] == nil)
        }
    }

    @Test func pendingStatusListAndEventsCarryTheTriageAndAnEmergencyIsNextInLine() async throws {
        try await APIHarness.run(["max_workers": "1", "simulated_latency_ms": "3000"]) { client, _ in
            let first = try await client.submit()
            try await client.waitUntilRunning(first)
            let routine = [try await client.submit("孕期每天要补充多少叶酸"), try await client.submit("产后恶露一般持续多久")]
            let emergency = try await client.submit(Self.emergency)

            let status = try EnvelopeBody(try await client.get("/api/v2/chat/qa/task/\(emergency)/status"))
            let data = try #require(status.data)
            #expect(data["status"] as? String == "pending")
            #expect(data["queue_position"] as? Int == 1)
            let triage = try #require(data["triage"] as? [String: Any])
            #expect(triage["level"] as? String == "emergency")
            #expect((triage["signs"] as? [String])?.contains("vaginal_bleeding") == true)
            #expect(data["advice"] == nil, "status bodies carry triage, not advice")
            for (index, id) in routine.enumerated() {
                let body = try EnvelopeBody(try await client.get("/api/v2/chat/qa/task/\(id)/status"))
                #expect(body.data?["queue_position"] as? Int == index + 2)
                #expect((body.data?["triage"] as? [String: Any])?["level"] as? String == "routine")
            }
            let running = try EnvelopeBody(try await client.get("/api/v2/chat/qa/task/\(first)/status"))
            #expect((running.data?["triage"] as? [String: Any])?["level"] as? String == "routine")

            // The list keeps its documented level string, there from submission on.
            let list = try EnvelopeBody(try await client.get("/api/v2/chat/qa/tasks?status=pending"))
            let items = try #require(list.data?["tasks"] as? [[String: Any]])
            #expect(items.first { $0["task_id"] as? String == emergency }?["triage"] as? String == "emergency")
            #expect(items.count == 3 && items.allSatisfy { $0["triage"] is String })

            // The event stream's first snapshot (pending) already has it; the run never lowers it.
            // (Snapshots are the unnamed events; the answer's text comes as `event: delta`.)
            let stream = try await client.get("/api/v2/chat/qa/task/\(emergency)/events")
            let events = String(buffer: stream.body).components(separatedBy: "\n\n")
                .filter { !$0.hasPrefix("event: ") }
                .compactMap { frame in frame.split(separator: "\n").first { $0.hasPrefix("data: ") } }
                .compactMap { try? JSONSerialization.jsonObject(with: Data($0.dropFirst(6).utf8)) as? [String: Any] }
            #expect(events.first?["status"] as? String == "pending")
            #expect(events.count >= 2)
            #expect(events.allSatisfy { ($0["triage"] as? [String: Any])?["level"] as? String == "emergency" })

            // It ran before the routine questions submitted ahead of it.
            let done = try await client.waitUntilTerminal(emergency)
            #expect(done["status"] as? String == "completed")
            let next = try EnvelopeBody(try await client.get("/api/v2/chat/qa/task/\(routine[0])/status"))
            let routineStart = next.data?["started_at"] as? String
            let emergencyStart = try #require(done["started_at"] as? String)
            #expect(routineStart == nil || routineStart! > emergencyStart)
        }
    }
}
