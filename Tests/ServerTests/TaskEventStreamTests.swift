import Engine
import Foundation
import NIOCore
import Testing

@testable import Server

/// The event stream's frames: text before the snapshot it came with, no snapshot for a change of
/// text alone, and ids a reconnecting client can hand back.
@Suite struct TaskEventStreamTests {
    @Test func textComesFirstAndATextOnlyChangeSendsNoSnapshot() throws {
        var answer = AnswerFollower()
        var shown: TaskSnapshot?
        var task = Self.running(text: "甲，", seq: 1)
        let first = Self.frames(task, &answer, &shown)
        #expect(first.count == 2)
        #expect(first[0] == "event: delta\nid: 1-6-1\ndata: {\"task_id\":\"task_1\",\"seq\":1,\"text\":\"甲，\"}\n\n")
        #expect(first[1].hasPrefix("id: 1-6-1\ndata: {\"task_id\":\"task_1\",\"status\":\"running\""))
        task.answerSoFar = AnswerSoFar(text: "甲，乙", seq: 2)
        #expect(
            Self.frames(task, &answer, &shown) == [
                "event: delta\nid: 1-9-2\ndata: {\"task_id\":\"task_1\",\"seq\":2,\"text\":\"乙\"}\n\n"
            ])
        task.progress = 80
        let moved = Self.frames(task, &answer, &shown)
        #expect(moved.count == 1 && moved[0].hasPrefix("id: 1-9-2\ndata: {") && moved[0].contains("\"progress\":80"))
        // The task runs again: reset, then the new run's text.
        task.attempts = 2
        task.answerSoFar = AnswerSoFar(text: "丙", seq: 1)
        let again = Self.frames(task, &answer, &shown)
        #expect(again.first == "event: reset\nid: 2-0-0\ndata: {\"task_id\":\"task_1\",\"attempt\":2}\n\n")
        #expect(again.dropFirst().first?.hasPrefix("event: delta\nid: 2-3-1\n") == true)
    }

    @Test(arguments: [
        ("1-6-1", AnswerFollower.Position(attempt: 1, offset: 6, seq: 1)),
        ("12-0-0", AnswerFollower.Position(attempt: 12, offset: 0, seq: 0)),
    ])
    func eventIDsRoundTrip(id: String, position: AnswerFollower.Position) {
        #expect(TaskEventStream.position(fromEventID: id) == position)
        #expect(TaskEventStream.eventID(position) == id)
    }

    @Test(arguments: [
        "", "7", "1-2", "1-2-3-4", "a-b-c", "-1-0-0", "1--1-0", " 1-2-3", "1-2-3 ", "99999999999999999999-0-0",
    ])
    func foreignEventIDsAreIgnored(id: String) {
        #expect(TaskEventStream.position(fromEventID: id) == nil)
    }

    private static func frames(_ task: TaskSnapshot, _ answer: inout AnswerFollower, _ shown: inout TaskSnapshot?)
        -> [String]
    {
        TaskEventStream.frames(for: task, answer: &answer, shown: &shown).map { String(buffer: $0) }
    }

    private static func running(text: String, seq: Int) -> TaskSnapshot {
        TaskSnapshot(
            id: "task_1", status: .running, stage: .generation, progress: 50, createdAt: Date(timeIntervalSince1970: 0),
            request: QARequest(input: "q", maternalID: 1, userType: .doctor), chatID: "c",
            triage: TriageSummary(level: .routine, signs: []), attempts: 1,
            answerSoFar: AnswerSoFar(text: text, seq: seq))
    }
}
