import Testing

@testable import Engine

@Suite("Triage stays first with the model backend")
struct TriageFirstTests {
    /// The model answers as if nothing were wrong; the saved reply must still open with the
    /// project's own seek-care instruction.
    @Test(arguments: ["怀孕30周，阴道大量出血", "发烧38.5度，浑身没劲"])
    func replyStartsWithTheTriageInstructionWhateverTheModelSays(question: String) async throws {
        let assessment = TriageEngine().assess(question)
        #expect(assessment.level != .routine)
        let instruction = try #require(assessment.instruction)
        let careless = "别担心，这很正常，多休息就好。"
        try await OpenAIStub.with({ _ in .stream(StubStream.reply(StubStream.tokens(careless))) }) { stub in
            let seen = try await TestEngine.withManager(backend: try TestEngine.backend(stub)) { manager in
                try await TestEngine.run(question, on: manager)
            }
            let final = try #require(seen.last)
            #expect(final.status == .completed)
            let reply = try #require(final.result?.reply)
            #expect(reply.content.hasPrefix(instruction))
            #expect(reply.content.contains(careless))
            #expect(reply.content.hasSuffix(SafetyText.disclaimer))
            #expect(reply.triage?.level == assessment.level)
            #expect(final.result?.chatMeta.triage == assessment.level)
            // The model was told, too.
            let system = try #require(stub.requests.first?.completion?.messages.first?.content)
            #expect(system.contains(assessment.level == .emergency ? "EMERGENCY" : "URGENT"))
        }
    }
}
