import Foundation
import Synchronization
import Testing

@testable import Engine

@Suite("Answers stream as they are written")
struct AnswerStreamingTests {
    // MARK: - Shaping the pieces

    @Test("the instruction leads, the backend's surrounding whitespace goes, the disclaimer ends")
    func assemblerShapesTheAnswer() throws {
        let urgent = TriageAssessment(TriageSummary(level: .urgent, signs: ["fever"]))
        let instruction = try #require(urgent.instruction)
        var answer = AnswerAssembler()
        var pieces: [String] = []
        pieces += [answer.instruct(urgent)].compactMap { $0 }
        #expect(answer.instruct(urgent) == nil, "an instruction goes out once")
        for chunk in ["  \n", "先喝水。", "  ", "再量体温。\n\n", " "] {
            pieces += [answer.body(chunk)].compactMap { $0 }
        }
        #expect(
            answer.instruct(TriageAssessment(TriageSummary(level: .emergency, signs: []))) == nil,
            "once the backend's text started, no instruction is put in front of it")
        pieces += [answer.finish()].compactMap { $0 }
        #expect(pieces == [instruction + "\n\n", "先喝水。", "  再量体温。", "\n\n" + SafetyText.disclaimer])
        #expect(pieces.joined() == answer.text)
        #expect(answer.text == instruction + "\n\n先喝水。  再量体温。\n\n" + SafetyText.disclaimer)
    }

    @Test("a reply that ends with the disclaimer itself gets no second one; whitespace alone is no body")
    func assemblerEdges() {
        var answer = AnswerAssembler()
        #expect(answer.body(" \n ") == nil)
        #expect(!answer.hasBody)
        #expect(answer.body("好的。" + SafetyText.disclaimer) != nil)
        #expect(answer.finish() == nil)
        #expect(answer.text == "好的。" + SafetyText.disclaimer)
    }

    @Test("the local backend's clauses join into its answer")
    func clauses() {
        let text = "第一句，还有一点。\n1. 列表：一、二！问号？End. done"
        let clauses = LocalBackend.clauses(of: text)
        #expect(clauses.joined() == text)
        #expect(clauses.prefix(3) == ["第一句，", "还有一点。", "\n"])
        #expect(clauses.count == 10)
    }

    // MARK: - Through the engine

    @Test("every snapshot's text extends the one before; the last is the stored answer; the instruction is first")
    func runStreamsItsAnswer() async throws {
        let backend = ScriptedBackend(chunks: ["\n 先别慌，", "请马上", "去医院。\n"])
        let engine = try await EngineFixture.start(backend: backend)
        // Followed from before the submission, so no piece can be missed.
        let updates = engine.manager.allUpdates()
        let submission = try await engine.manager.submit(question("怀孕32周，阴道大量出血"))
        var texts: [String] = []
        var final: TaskSnapshot?
        for await update in updates {
            let snapshot = update.snapshot
            if snapshot.status.isTerminal { final = snapshot }
            if final != nil { break }
            if let answer = snapshot.answerSoFar, answer.text != texts.last {
                #expect(snapshot.status == .running)
                #expect(answer.seq == texts.count + 1, "one snapshot per piece, numbered from 1")
                texts.append(answer.text)
            }
        }
        let done = try #require(final)
        #expect(done.status == .completed && done.answerSoFar == nil)
        let stored = try #require(try await engine.manager.status(done.id).result?.reply?.content)
        let instruction = try #require(submission.snapshot.triage?.instruction)
        #expect(texts.first == instruction + "\n\n")
        #expect(zip(texts, texts.dropFirst()).allSatisfy { $1.hasPrefix($0) })
        #expect(texts.last == stored)
        #expect(stored == instruction + "\n\n先别慌，请马上去医院。\n\n" + SafetyText.disclaimer)
        await engine.stop()
    }

    @Test("the store has a running task's text so far; nothing of it is kept once it ends")
    func storeKeepsTheTextSoFar() async throws {
        let engine = try await EngineFixture.start(backend: GatedBackend())
        let submission = try await engine.manager.submit(question())
        let id = submission.snapshot.id
        #expect(try await eventually { try await engine.store.task(id: id)?.answerSoFar?.text == "第一段。" })
        let stored = try #require(try await engine.store.task(id: id))
        #expect(stored.status == .running && stored.answerSoFar?.seq == 1)
        _ = try await engine.manager.cancel(id)
        let ended = try #require(try await engine.store.task(id: id))
        #expect(ended.status == .failed && ended.answerSoFar == nil)
        await engine.stop()
    }

    // MARK: - One follower's view

    @Test("pieces are handed on once each, in order, from any mix of live and stored snapshots")
    func followerDeltas() {
        var follower = AnswerFollower()
        #expect(follower.steps(for: running(attempt: 1, nil)) == [])
        #expect(follower.steps(for: running(attempt: 1, "甲，乙", seq: 2)) == [.delta(seq: 2, text: "甲，乙")])
        #expect(follower.steps(for: running(attempt: 1, "甲，乙", seq: 2)) == [], "nothing new")
        #expect(follower.steps(for: running(attempt: 1, "甲", seq: 1)) == [], "a store copy behind the live text")
        #expect(follower.steps(for: running(attempt: 1, "甲，乙，丙", seq: 5)) == [.delta(seq: 5, text: "，丙")])
        #expect(follower.position == .init(attempt: 1, offset: "甲，乙，丙".utf8.count, seq: 5))
        // The task ran again (an interrupted run): what the follower has is void.
        #expect(follower.steps(for: running(attempt: 2, "丁", seq: 1)) == [.reset, .delta(seq: 1, text: "丁")])
        // The completed answer's rest; a completed answer carries no count, so the numbering goes on.
        #expect(follower.steps(for: completed(attempt: 2, "丁戊")) == [.delta(seq: 2, text: "戊")])
    }

    @Test("a resumed position inside a character, or past a finished answer, starts the text again")
    func followerResumesSafely() {
        let text = "🇨🇳好"
        var inside = AnswerFollower(from: .init(attempt: 1, offset: 2, seq: 1))
        #expect(inside.steps(for: running(attempt: 1, text, seq: 2)) == [.reset, .delta(seq: 2, text: text)])
        var past = AnswerFollower(from: .init(attempt: 1, offset: 99, seq: 4))
        #expect(past.steps(for: running(attempt: 1, text, seq: 2)) == [], "a running text may yet reach it")
        #expect(past.steps(for: completed(attempt: 1, text)) == [.reset, .delta(seq: 1, text: text)])
        var exact = AnswerFollower(from: .init(attempt: 1, offset: "🇨🇳".utf8.count, seq: 1))
        #expect(exact.steps(for: running(attempt: 1, text, seq: 2)) == [.delta(seq: 2, text: "好")])
        var late = AnswerFollower()
        #expect(late.steps(for: completed(attempt: 3, text)) == [.delta(seq: 1, text: text)])
        var failed = AnswerFollower()
        var task = running(attempt: 1, "甲", seq: 1)
        task.status = .failed
        #expect(failed.steps(for: task) == [])
    }

    private func running(attempt: Int, _ text: String?, seq: Int = 1) -> TaskSnapshot {
        TaskSnapshot(
            id: "task_1", status: .running, stage: .generation, progress: 50, createdAt: Date(), request: question(),
            chatID: "c", attempts: attempt, answerSoFar: text.map { AnswerSoFar(text: $0, seq: seq) })
    }

    private func completed(attempt: Int, _ answer: String) -> TaskSnapshot {
        var task = running(attempt: attempt, nil)
        task.status = .completed
        task.result = QAResult(
            chatMeta: ChatMeta(
                chatID: "c", maternalID: 7, userType: .pregnant_mother, createdAt: "", updatedAt: "", messageCount: 2,
                backend: "local", triage: .routine),
            sessionTitle: "q", messages: [ChatMessage(role: .assistant, content: answer, timestamp: "")])
        return task
    }
}

/// A backend that writes the given chunks, in order.
struct ScriptedBackend: InferenceBackend {
    let name = "scripted"
    let chunks: [String]

    func generate(_ request: GenerationRequest, onChunk: @Sendable (GenerationChunk) async -> Void) async throws {
        for (index, chunk) in chunks.enumerated() {
            await onChunk(GenerationChunk(text: chunk, fraction: Double(index + 1) / Double(chunks.count)))
        }
    }
}
