import Logging
import Testing

@testable import Engine

/// The model's own `TRIAGE:` first line: taken out of the answer wherever the stream splits it,
/// allowed to raise the rules' level (sign `model_assessment`, the instruction of the new level
/// atop the answer), never to lower it; an unreadable or missing line changes nothing.
@Suite("The model may raise triage, never lower it")
struct ModelTriageTests {
    static let routineQuestion = "孕期可以喝咖啡吗"
    static let emergencyQuestion = "怀孕30周，阴道大量出血"
    static let answer = "孕期每天咖啡因不超过200毫克[1]。"

    /// Runs `question` through a real engine whose model streams `steps`; the snapshots it went through.
    private func run(_ question: String, _ steps: [StubStep]) async throws -> (
        seen: [TaskSnapshot], stub: [StubRequest]
    ) {
        try await OpenAIStub.with({ _ in .stream(steps) }) { stub in
            let seen = try await TestEngine.withManager(backend: try TestEngine.backend(stub, maxTokens: 200)) {
                manager in
                try await TestEngine.run(question, on: manager)
            }
            return (seen, stub.requests)
        }
    }

    @Test func aHigherLevelRaisesTheTaskAndTheReplyAndAddsTheInstruction() async throws {
        #expect(TriageEngine().assess(Self.routineQuestion).level == .routine)
        // The line, then a pause: the raise shows on the running task before the answer is done.
        var steps = StubStream.reply(["TRIAGE: emergency\n", "\n"] + StubStream.tokens(Self.answer))
        steps.insert(.pause(.milliseconds(400)), at: 3)
        let (seen, requests) = try await run(Self.routineQuestion, steps)
        let final = try #require(seen.last)
        #expect(final.status == .completed)
        let raised = TriageSummary(level: .emergency, signs: [TriageSummary.modelAssessmentSign])
        #expect(final.triage == raised)
        let reply = try #require(final.result?.reply)
        #expect(reply.triage == raised)
        #expect(final.result?.chatMeta.triage == .emergency)
        let instruction = try #require(TriageEngine.instruction(for: raised))
        #expect(reply.content.hasPrefix(instruction + "\n\n" + Self.answer))
        #expect(!reply.content.contains("TRIAGE"))
        // Pending, it was routine; while still running it was already an emergency.
        #expect(seen.first?.triage?.level == .routine)
        #expect(seen.contains { $0.status == .running && $0.triage == raised })
        // The model was asked for the line and told the rules' level.
        let system = try #require(requests.first?.completion?.messages.first?.content)
        #expect(system.contains("TRIAGE: routine") && system.contains("danger the rules missed"))
    }

    @Test func aLowerLevelIsIgnored() async throws {
        let rules = TriageEngine().assess(Self.emergencyQuestion)
        #expect(rules.level == .emergency)
        let (seen, _) = try await run(
            Self.emergencyQuestion, StubStream.reply(["TRIAGE: routine", "\n\n"] + StubStream.tokens(Self.answer)))
        let final = try #require(seen.last)
        #expect(final.status == .completed)
        #expect(final.triage == TriageSummary(rules))
        let reply = try #require(final.result?.reply)
        #expect(reply.triage == TriageSummary(rules))
        #expect(reply.content.hasPrefix(try #require(rules.instruction) + "\n\n" + Self.answer))
        #expect(!reply.content.contains("TRIAGE") && !reply.content.contains("routine"))
        #expect(seen.allSatisfy { $0.triage?.level == .emergency })
    }

    @Test(arguments: [
        "TRIAGE: critical", "TRIAGE:", "TRIAGE: emergency|urgent|routine", "triage：紧急", "**TRIAGE: maybe**",
    ])
    func anUnreadableLineIsDroppedAndChangesNothing(line: String) async throws {
        let (seen, _) = try await run(
            Self.routineQuestion, StubStream.reply([line, "\n", "\n"] + StubStream.tokens(Self.answer)))
        let final = try #require(seen.last)
        #expect(final.status == .completed)
        #expect(final.triage == .routine)
        let reply = try #require(final.result?.reply)
        #expect(reply.triage == .routine)
        #expect(reply.content == Self.answer + "\n\n" + SafetyText.disclaimer)
    }

    @Test func aLineSplitAcrossChunksIsReadAndNeverReachesTheAnswer() async throws {
        // One character per chunk, the line break in a chunk of its own and the answer's first
        // characters in the same chunk as the line's end.
        let line = "  TRIAGE : Urgent"
        let tokens = line.map(String.init) + ["\n\n孕期", "每天"] + StubStream.tokens("咖啡因不超过200毫克[1]。")
        let (seen, _) = try await run(Self.routineQuestion, StubStream.reply(tokens, pause: .milliseconds(2)))
        let final = try #require(seen.last)
        let raised = TriageSummary(level: .urgent, signs: [TriageSummary.modelAssessmentSign])
        #expect(final.triage == raised)
        let reply = try #require(final.result?.reply)
        #expect(reply.content.hasPrefix(try #require(TriageEngine.instruction(for: raised)) + "\n\n" + Self.answer))
        #expect(!reply.content.lowercased().contains("triage") && !reply.content.contains("Urgent"))
    }

    @Test func aReplyWithoutTheLineIsKeptWhole() async throws {
        let text = "Triage nurses see pregnant women first. " + Self.answer
        let (seen, _) = try await run(Self.routineQuestion, StubStream.reply(StubStream.tokens(text)))
        let reply = try #require(seen.last?.result?.reply)
        #expect(reply.content == text + "\n\n" + SafetyText.disclaimer)
        #expect(reply.triage == .routine)
    }

    @Test func aReplyThatIsOnlyTheLineFailsAsEmpty() async throws {
        let (seen, _) = try await run(Self.routineQuestion, StubStream.reply(["TRIAGE: urgent"]))
        let final = try #require(seen.last)
        #expect(final.status == .failed && final.errorCode == .backend_error)
        #expect(final.errorDetail?.contains("empty") == true && final.error == FailureMessage.emptyReply)
    }

    /// The fallback holds the model's level back with its text: it counts only when the model's
    /// answer is the one kept.
    @Test func theFallbackPassesTheLevelOnWithTheModelsAnswer() async throws {
        try await OpenAIStub.with({ _ in
            .stream(StubStream.reply(["TRIAGE: urgent\n"] + StubStream.tokens(Self.answer)))
        }) { stub in
            let backend = FallbackBackend(
                primary: try TestEngine.backend(stub), fallback: LocalBackend(), logger: .init(label: "test"))
            let chunks = ChunkLog()
            try await backend.generate(try TestEngine.request()) { await chunks.append($0) }
            #expect(await chunks.text == Self.answer)
            #expect(await chunks.chunks.compactMap(\.modelTriage) == [.urgent])
            #expect(await chunks.chunks.last?.modelTriage == .urgent)
        }
    }
}

/// The line filter alone, fed every way a stream can cut it.
@Suite struct TriageLineFilterTests {
    private func filtered(_ pieces: [String]) -> (text: String, levels: [TriageLevel]) {
        var filter = TriageLineFilter()
        var text = ""
        var levels: [TriageLevel] = []
        for piece in pieces {
            let (out, level) = filter.feed(piece)
            text += out
            if let level { levels.append(level) }
        }
        let (rest, level) = filter.finish()
        if let level { levels.append(level) }
        return (text + rest, levels)
    }

    @Test func everySplitOfTheLineGivesTheSameResult() {
        let reply = "\nTRIAGE: emergency\n\n请立即就医。\nTRIAGE: routine 不是第一行，保留。"
        let characters = Array(reply)
        for cut in 1..<characters.count {
            for second in cut..<characters.count {
                let pieces = [
                    String(characters[..<cut]), String(characters[cut..<second]), String(characters[second...]),
                ]
                let result = filtered(pieces)
                #expect(result.text == "\n请立即就医。\nTRIAGE: routine 不是第一行，保留。", "cuts \(cut), \(second)")
                #expect(result.levels == [.emergency], "cuts \(cut), \(second)")
            }
        }
    }

    @Test func textThatIsNotTheLinePassesAsSoonAsThatIsClear() {
        var filter = TriageLineFilter()
        #expect(filter.feed("TRI") == ("", nil))
        #expect(filter.feed("P to") == ("TRIP to", nil))
        #expect(filter.feed(" Rome") == (" Rome", nil))
        var chinese = TriageLineFilter()
        #expect(chinese.feed("孕") == ("孕", nil))
        var shortReply = TriageLineFilter()
        #expect(shortReply.feed("Tri") == ("", nil))
        #expect(shortReply.finish() == ("Tri", nil))
    }

    /// Odd text around the line never trips the filter: a combining mark on the colon, CRLF,
    /// control characters, emoji, an empty stream.
    @Test func oddTextIsHandled() {
        #expect(filtered(["TRIAGE:\u{301}urgent", "\r\n答案"]) == ("答案", [.urgent]))
        // A CR ends the line; the LF after it, in the next chunk, is the answer's (which is trimmed).
        #expect(filtered(["triage：\u{0}\u{1B}[31memergency\r", "\n🤰🏽答案"]) == ("\n🤰🏽答案", []))
        #expect(filtered(["\u{FEFF}TRIAGE: routine\n", "答案"]) == ("\u{FEFF}TRIAGE: routine\n答案", []))
        #expect(filtered([]) == ("", []))
        #expect(filtered(["", "", "TRIAGE:", "", " urgent"]) == ("", [.urgent]))
    }

    @Test func levelsAreReadStrictly() {
        #expect(TriageLineFilter.level(afterColon: " Emergency.") == .emergency)
        #expect(TriageLineFilter.level(afterColon: " **urgent** (reduced movements)") == .urgent)
        #expect(TriageLineFilter.level(afterColon: " routine") == .routine)
        #expect(TriageLineFilter.level(afterColon: " not urgent") == nil)
        #expect(TriageLineFilter.level(afterColon: " emergency|urgent|routine") == nil)
        #expect(TriageLineFilter.level(afterColon: " 紧急") == nil)
        #expect(TriageLineFilter.level(afterColon: "") == nil)
    }
}
