import Engine
import Foundation
import NIOCore
import Testing

@testable import Server

/// The streaming encoder writes the same JSON values as Foundation's, keys in encoding order.
@Suite struct StreamingJSONEncoderTests {
    struct Sample: Encodable {
        var text = "引号\" 反斜杠\\ 换行\n 制表\t NUL\u{0} 控制\u{1F} emoji 🤰 /slash"
        var numbers = [0, -1, Int.max]
        var big: Int64 = .min
        var ratio = 0.3
        var whole = 2.0
        var flag = true
        var missing: String? = nil
        var present: String? = "x"
        var nested = ["a": [1, 2]]
        var empty: [String] = []
        var status = TaskStatus.running
    }

    static func streamed(_ value: some Encodable) throws -> String {
        String(buffer: try JSONBody.encode(value))
    }

    @Test func matchesFoundationsJSON() throws {
        let streamed = try Self.streamed(Sample())
        let foundation = try JSONEncoder().encode(Sample())
        let ours = try JSONSerialization.jsonObject(with: Data(streamed.utf8)) as? NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: foundation) as? NSDictionary
        #expect(ours != nil && ours == theirs, "\(streamed)")
        #expect(streamed.hasPrefix(#"{"text":"#), "keys stay in declaration order")
        #expect(!streamed.contains("missing"))
    }

    @Test func envelopesKeepTheOriginalKeyOrder() throws {
        let body = String(buffer: try JSONBody.envelopeBytes(code: 404, msg: "任务不存在", data: AnyPayload?.none))
        #expect(body == #"{"code":404,"msg":"任务不存在","data":null}"#)
    }

    @Test func statusPayloadFollowsTheDesignOrder() throws {
        let snapshot = TaskSnapshot(
            id: "task_1", status: .pending, stage: .queued, progress: 0, createdAt: Date(timeIntervalSince1970: 0),
            request: QARequest(input: "q", maternalID: 1, userType: .doctor), chatID: "c", queuePosition: 3,
            triage: TriageSummary(level: .emergency, signs: ["convulsions"]))
        let body = try Self.streamed(TaskStatusPayload(snapshot))
        #expect(
            body
                == #"{"task_id":"task_1","status":"pending","created_at":"1970-01-01T00:00:00.000Z","progress":0,"stage":"queued","triage":{"level":"emergency","signs":["convulsions"]},"queue_position":3}"#
        )
    }

    /// The hand-written status body of a task without a result is byte for byte the encoded one.
    @Test(arguments: [TaskStatus.pending, .running, .failed])
    func liveStatusBodyMatchesTheEncodedPayload(status: TaskStatus) throws {
        var snapshot = TaskSnapshot(
            id: "task_\"q\"", status: status, stage: status == .failed ? .done : .generation, progress: 42,
            createdAt: Date(timeIntervalSince1970: 1_700_000_000.123),
            request: QARequest(input: "q", maternalID: 1, userType: .doctor), chatID: "c",
            triage: TriageSummary(level: .urgent, signs: ["fever", "sign \"quoted\"\n"]))
        switch status {
        case .pending:
            snapshot.stage = .queued
            snapshot.queuePosition = 7
        case .running:
            snapshot.startedAt = Date(timeIntervalSince1970: 1_700_000_001)
        default:
            snapshot.startedAt = Date(timeIntervalSince1970: 1_700_000_001)
            snapshot.completedAt = Date(timeIntervalSince1970: 1_700_000_002.5)
            snapshot.error = "模型超时\n\"原因\""
            snapshot.errorCode = .timeout
        }
        let msg = TaskRoutes.statusMessage
        let encoded = String(buffer: try JSONBody.envelopeBytes(code: 200, msg: msg, data: TaskStatusPayload(snapshot)))
        let written = try #require(LiveStatusBody.bytes(snapshot, msg: msg))
        #expect(String(buffer: written) == encoded)
        #expect(String(buffer: written).contains(#""triage":{"level":"urgent","signs":["fever","sign \"quoted\"\n"]}"#))
        // A pending task that has started but whose `running` row is not committed has no position;
        // a task stored before intake triage is assessed as it is read.
        snapshot.queuePosition = nil
        snapshot.triage = nil
        #expect(
            String(buffer: try #require(LiveStatusBody.bytes(snapshot, msg: msg)))
                == String(buffer: try JSONBody.envelopeBytes(code: 200, msg: msg, data: TaskStatusPayload(snapshot))))
        // `?partial=1`: the answer so far, only while running ("" before its first piece).
        for answer in [nil, AnswerSoFar(text: "先说\"结论\"：\n可以。", seq: 2)] {
            snapshot.answerSoFar = answer
            let partial = String(
                buffer: try #require(LiveStatusBody.bytes(snapshot, msg: msg, showsPartialAnswer: true)))
            #expect(
                partial
                    == String(
                        buffer: try JSONBody.envelopeBytes(
                            code: 200, msg: msg, data: TaskStatusPayload(snapshot, showsPartialAnswer: true))))
            #expect(partial.contains(#""partial_answer""#) == (status == .running))
            #expect(
                String(buffer: try #require(LiveStatusBody.bytes(snapshot, msg: msg))).contains("partial_answer")
                    == false)
        }
    }

    @Test func completedTasksKeepTheEncodedPath() {
        let snapshot = TaskSnapshot(
            id: "task_1", status: .completed, stage: .done, progress: 100, createdAt: Date(),
            request: QARequest(input: "q", maternalID: 1, userType: .doctor), chatID: "c")
        #expect(LiveStatusBody.bytes(snapshot, msg: "m") == nil)
    }

    @Test func nestedContainersFallBackToFoundation() throws {
        struct Nested: Encodable {
            func encode(to encoder: any Encoder) throws {
                var outer = encoder.container(keyedBy: Key.self)
                var inner = outer.nestedContainer(keyedBy: Key.self, forKey: .a)
                try inner.encode(1, forKey: .a)
            }
            enum Key: String, CodingKey { case a }
        }
        #expect(try Self.streamed(Nested()) == #"{"a":{"a":1}}"#)
    }
}
