import Testing

@testable import Engine

@Suite("Prompt")
struct PromptBuilderTests {
    private static let entry = KnowledgeEntry(
        id: "caffeine", title: "孕期咖啡因", keywords: ["咖啡"], answer: "每天咖啡因不超过200毫克。",
        source: KnowledgeSource(name: "WHO", url: "https://www.who.int/x"),
        familyTip: "帮她换成无咖啡因饮品。", clinicalNote: "ACOG: <200 mg/day.")

    private func request(
        _ question: String = "孕期可以喝咖啡吗", userType: UserType = .pregnant_mother, history: [ChatMessage] = [],
        passages: [RetrievedPassage] = [RetrievedPassage(entry: entry, score: 9)], triage: TriageAssessment = .routine
    ) -> GenerationRequest {
        GenerationRequest(question: question, userType: userType, history: history, passages: passages, triage: triage)
    }

    private func message(_ role: ChatMessage.Role, _ content: String) -> ChatMessage {
        ChatMessage(role: role, content: content, timestamp: "2025-01-01T00:00:00.000Z")
    }

    @Test func systemPromptThenTheQuestion() throws {
        let messages = PromptBuilder().messages(for: request())
        #expect(messages.map(\.role) == [.system, .user])
        #expect(messages.last?.content == "孕期可以喝咖啡吗")
        let system = try #require(messages.first?.content)
        for rule in [
            "maternal-health assistant", "language of the user's question", "cite them by number", "Never diagnose",
            "doctor or midwife",
        ] {
            #expect(system.contains(rule), "system prompt lacks \(rule)")
        }
    }

    @Test func passagesAreNumberedWithTheirSources() throws {
        let second = KnowledgeEntry(
            id: "iron", title: "孕期补铁", keywords: [], answer: "多吃红肉。", source: KnowledgeSource(name: "NHS", url: nil))
        let system = try #require(
            PromptBuilder().messages(
                for: request(passages: [
                    RetrievedPassage(entry: Self.entry, score: 9), RetrievedPassage(entry: second, score: 5),
                ])
            ).first?.content)
        #expect(system.contains("[1] 孕期咖啡因 (source: WHO, https://www.who.int/x)\n每天咖啡因不超过200毫克。"))
        #expect(system.contains("[2] 孕期补铁 (source: NHS)\n多吃红肉。"))
    }

    @Test func noPassageSaysTheKnowledgeBaseDoesNotCoverIt() throws {
        let system = try #require(PromptBuilder().messages(for: request(passages: [])).first?.content)
        #expect(system.contains("none matched this question"))
    }

    @Test func adaptsToTheAsker() throws {
        func system(_ type: UserType) throws -> String {
            try #require(PromptBuilder().messages(for: request(userType: type)).first?.content)
        }
        #expect(try system(.pregnant_mother).contains("is pregnant"))
        #expect(try system(.postpartum_mother).contains("recently given birth"))
        let family = try system(.family_member)
        #expect(family.contains("family member") && family.contains("帮她换成无咖啡因饮品。"))
        let doctor = try system(.doctor)
        #expect(doctor.contains("clinician") && doctor.contains("ACOG: <200 mg/day."))
        #expect(!(try system(.pregnant_mother)).contains("ACOG: <200 mg/day."))
    }

    @Test func triageFindingsAreSpelledOut() throws {
        let emergency = TriageAssessment(level: .emergency, signs: ["vaginal_bleeding"], instruction: "立即就医")
        let system = try #require(PromptBuilder().messages(for: request(triage: emergency)).first?.content)
        #expect(system.contains("EMERGENCY") && system.contains("vaginal_bleeding"))
        let routine = try #require(PromptBuilder().messages(for: request()).first?.content)
        #expect(!routine.contains("Safety check"))
    }

    /// Every request asks for the `TRIAGE:` first line, names the rules' level, and says the
    /// model may only raise it, when the question shows danger the rules missed.
    @Test func theModelIsAskedForItsTriageLine() throws {
        for level in TriageLevel.allCases {
            let triage = TriageAssessment(level: level, signs: [], instruction: nil)
            let system = try #require(PromptBuilder().messages(for: request(triage: triage)).first?.content)
            #expect(system.contains("`TRIAGE: emergency`, `TRIAGE: urgent` or `TRIAGE: routine`"))
            #expect(system.contains("triaged this question as \(level.rawValue)"))
            #expect(
                system.contains("Write `TRIAGE: \(level.rawValue)` unless the question shows danger the rules missed"))
            #expect(system.contains("Never give a lower level than \(level.rawValue)"))
            #expect(system.contains("removes this line"))
        }
    }

    @Test func historyIsKeptInOrderWithoutTheDisclaimer() {
        let history = [message(.user, "第一个问题"), message(.assistant, "第一个回答\n\n" + SafetyText.disclaimer)]
        let messages = PromptBuilder().messages(for: request("第二个问题", history: history))
        #expect(messages.dropFirst().map(\.content) == ["第一个问题", "第一个回答", "第二个问题"])
        #expect(messages.dropFirst().map(\.role) == [.user, .assistant, .user])
    }

    /// 100 Chinese characters cost ~150 tokens: a budget of 350 holds the last two messages of
    /// 100 characters, not the older ones.
    @Test func historyIsBoundedByTheTokenBudgetNewestFirst() {
        let long = String(repeating: "孕", count: 100)
        let history = [
            message(.user, "旧" + long), message(.assistant, "旧答" + long),
            message(.user, "新" + long), message(.assistant, "新答" + long),
        ]
        let kept = PromptBuilder().recentHistory(history, budget: 350)
        #expect(kept.map { $0.content.prefix(2) } == ["新孕", "新答"])
        #expect(PromptBuilder().recentHistory(history, budget: 100).isEmpty)
        // A reply whose question does not fit is not kept either: what is counted is what is sent.
        #expect(PromptBuilder().recentHistory(history, budget: 10_000, limit: 1).isEmpty)
        #expect(
            PromptBuilder().recentHistory(history, budget: 10_000, limit: 3).map { $0.content.prefix(2) } == [
                "新孕", "新答",
            ])
    }

    @Test func tokenEstimateErrsOnTheSafeSide() {
        #expect(TokenEstimator.estimate("孕期可以喝咖啡吗") == 12)
        #expect(TokenEstimator.estimate("Can I drink coffee?") == 7)
        #expect(TokenEstimator.estimate("孕期 OGTT，") == 5 + 2)
        #expect(TokenEstimator.estimate("") == 0)
    }

    /// A chat of any length fits: the system prompt and the question always, then the passages,
    /// then the newest history that still fits with the reply's room; a retry halves both.
    @Test func thePromptFitsTheWindowWithRoomForTheReply() throws {
        let long = String(repeating: "孕", count: 200)
        let history = (0..<50).flatMap { turn in
            [message(.user, "问\(turn)" + long), message(.assistant, "答\(turn)" + long)]
        }
        let passages = (0..<3).map { index in
            RetrievedPassage(
                entry: KnowledgeEntry(
                    id: "e\(index)", title: "条目\(index)", keywords: [], answer: String(repeating: "知", count: 300),
                    source: KnowledgeSource(name: "WHO", url: nil)),
                score: 9 - Double(index))
        }
        let builder = PromptBuilder(contextTokens: 4096, replyTokens: 1024)
        let prompt = builder.prompt(for: request("最新的问题", history: history, passages: passages))
        #expect(prompt.estimatedTokens <= 4096 - 1024)
        #expect(prompt.passagesKept == 3 && prompt.passagesLeftOut == 0)
        #expect(prompt.historyKept > 0 && prompt.historyKept + prompt.historyLeftOut == 100)
        #expect(prompt.messages.last?.content == "最新的问题")
        #expect(prompt.messages.dropFirst().first?.content.hasPrefix("问") == true, "history starts with a question")
        #expect(prompt.messages.dropLast().last?.content.hasPrefix("答49") == true, "the newest history is kept")

        let half = builder.prompt(for: request("最新的问题", history: history, passages: passages), limit: prompt.halved)
        #expect(
            half.passagesKept == 1 && half.historyKept <= prompt.historyKept / 2,
            "\(half.historyKept) of \(prompt.historyKept)")
        // A window too small for the passages leaves them out and says so; question and system stay.
        let tiny = PromptBuilder(contextTokens: 1800, replyTokens: 512).prompt(
            for: request("最新的问题", history: history, passages: passages))
        #expect(tiny.passagesKept < 3 && tiny.messages.last?.content == "最新的问题")
        if tiny.passagesKept == 0 { #expect(tiny.messages[0].content.contains("left out")) }
    }

    @Test func conversationAlternatesStartingWithTheUser() {
        let turns: [ChatCompletionRequest.Message] = [
            .init(role: .assistant, content: "orphan reply"), .init(role: .user, content: "a"),
            .init(role: .user, content: "b"), .init(role: .assistant, content: "c"), .init(role: .user, content: "d"),
        ]
        let result = PromptBuilder.alternating(turns)
        #expect(result.map(\.role) == [.user, .assistant, .user])
        #expect(result.map(\.content) == ["a\n\nb", "c", "d"])
    }
}
