import Foundation
import Testing

@testable import Engine

/// The knowledge base's integrity and the local answer body: user-type adaptation,
/// the honest no-match reply, and what the body must not contain.
@Suite struct LocalAnswerComposerTests {
    static let knowledgeBase = try! KnowledgeBase.bundled()
    static let composer = LocalAnswerComposer()

    /// Passages as retrieval ranks them: the first clearly ahead (score 10, then 5, 4…).
    static func passages(_ ids: String...) -> [RetrievedPassage] {
        ids.enumerated().map {
            RetrievedPassage(
                entry: knowledgeBase.entry(id: $0.element)!, score: $0.offset == 0 ? 10 : 6 - Double($0.offset))
        }
    }

    // MARK: Knowledge base

    @Test func knowledgeBaseHasAtLeast45WellFormedEntries() {
        let entries = Self.knowledgeBase.entries
        #expect(entries.count >= 45)
        #expect(Set(entries.map(\.id)).count == entries.count, "ids must be unique")
        for entry in entries {
            #expect(!entry.title.isEmpty && !entry.answer.isEmpty && !entry.keywords.isEmpty, "\(entry.id)")
            #expect(!entry.source.name.isEmpty, "\(entry.id) has no source")
            #expect(entry.source.url?.hasPrefix("http") == true, "\(entry.id) has no source url")
            #expect(entry.familyTip?.isEmpty == false && entry.clinicalNote?.isEmpty == false, "\(entry.id)")
        }
    }

    @Test func bundledKnowledgeBaseIsCached() throws {
        let first = try KnowledgeBase.bundled()
        let second = try KnowledgeBase.bundled()
        #expect(first.entries == second.entries)
    }

    @Test func malformedOrInvalidJSONIsRejectedClearly() {
        #expect(throws: KnowledgeBaseError.malformed("The given data was not valid JSON.")) {
            try KnowledgeBase(jsonData: Data("{".utf8))
        }
        #expect(throws: KnowledgeBaseError.invalid("it has no entries")) {
            try KnowledgeBase(jsonData: Data("[]".utf8))
        }
        let missingSource = #"[{"id":"a","title":"t","keywords":[],"answer":"x"}]"#
        #expect(throws: KnowledgeBaseError.malformed("[0].source: key not found")) {
            try KnowledgeBase(jsonData: Data(missingSource.utf8))
        }
        let entry = #"{"id":"a","title":"t","keywords":[],"answer":"x","source":{"name":"WHO","url":null}}"#
        #expect(throws: KnowledgeBaseError.invalid("duplicate id a")) {
            try KnowledgeBase(jsonData: Data("[\(entry),\(entry)]".utf8))
        }
    }

    // MARK: Composer

    @Test func twoTopicsAboutAsLikelyAreOfferedAsChoices() {
        let close = [
            RetrievedPassage(entry: Self.knowledgeBase.entry(id: "leg_cramps")!, score: 10),
            RetrievedPassage(entry: Self.knowledgeBase.entry(id: "calcium")!, score: 9.5),
        ]
        let mother = Self.composer.compose(question: "腿", userType: .pregnant_mother, passages: close, triage: .routine)
        #expect(mother.contains("不太确定"))
        #expect(mother.contains("1. 孕期腿抽筋") && mother.contains("2. 孕期补钙"))
        #expect(!mother.contains(close[0].entry.answer), "no answer pretends to know which was meant")
        let doctor = Self.composer.compose(question: "腿", userType: .doctor, passages: close, triage: .routine)
        #expect(doctor.contains("无法确定"))
    }

    @Test func answersAdaptToUserType() {
        let passages = Self.passages("leg_cramps", "calcium")
        let entry = passages[0].entry
        let mother = Self.composer.compose(
            question: "腿抽筋怎么办", userType: .pregnant_mother, passages: passages, triage: .routine)
        let postpartum = Self.composer.compose(
            question: "腿抽筋怎么办", userType: .postpartum_mother, passages: passages, triage: .routine)
        let family = Self.composer.compose(
            question: "腿抽筋怎么办", userType: .family_member, passages: passages, triage: .routine)
        let doctor = Self.composer.compose(question: "腿抽筋怎么办", userType: .doctor, passages: passages, triage: .routine)

        #expect(Set([mother, postpartum, family, doctor]).count == 4)
        #expect(mother.contains(entry.answer) && mother.contains("你"))
        #expect(mother.contains("产检医生"))
        #expect(family.contains("你可以这样帮她") && family.contains(entry.familyTip!))
        #expect(doctor.contains("临床要点") && doctor.contains(entry.clinicalNote!))
        #expect(doctor.contains(entry.source.name))
        #expect(mother.contains("孕期补钙"), "related passage mentioned")
    }

    @Test(arguments: UserType.allCases)
    func noMatchIsHonestAndInventsNothing(_ userType: UserType) {
        let body = Self.composer.compose(question: "孕妇可以炒股吗", userType: userType, passages: [], triage: .routine)
        #expect(body.contains("没有"))
        #expect(body.contains("孕妇可以炒股吗"))
        #expect(body.contains("医生") || body.contains("指南"))
        for entry in Self.knowledgeBase.entries { #expect(!body.contains(entry.answer)) }
    }

    @Test func bodyNeverRepeatsInstructionOrDisclaimer() throws {
        let triage = TriageEngine().assess("肚子疼得厉害")
        let instruction = try #require(triage.instruction)
        for userType in UserType.allCases {
            let body = Self.composer.compose(
                question: "肚子疼得厉害", userType: userType, passages: Self.passages("abdominal_pain"), triage: triage)
            #expect(!body.contains(instruction))
            #expect(!body.contains(SafetyText.disclaimer))
            #expect(body.contains("参考"), "non-routine bodies say they must not delay care")
        }
        let routine = Self.composer.compose(
            question: "孕期腹痛", userType: .pregnant_mother, passages: Self.passages("abdominal_pain"), triage: .routine)
        #expect(!routine.contains("上面的提示"))
    }

    @Test func disclaimerSaysItDoesNotReplaceAClinician() {
        #expect(SafetyText.disclaimer.contains("不能代替"))
        #expect(SafetyText.disclaimer.contains("医生"))
    }

    @Test func longQuestionsAreEchoedShort() {
        let question = String(repeating: "这是一个很长的问题", count: 20)
        let body = Self.composer.compose(question: question, userType: .pregnant_mother, passages: [], triage: .routine)
        #expect(!body.contains(question))
        #expect(body.contains("…"))
    }
}
