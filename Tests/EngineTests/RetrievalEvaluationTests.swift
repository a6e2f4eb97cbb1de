import Foundation
import Testing

@testable import Engine

/// The bar on the labelled retrieval set (Evaluation/retrieval/cases.jsonl: everyday questions
/// written by helpers who saw the entries' titles and sources, not their keywords or examples):
/// the first passage is a right entry for at least 90 % of questions, one of the first three for 97 %.
@Suite struct RetrievalEvaluationTests {
    static let casesPath = evaluationFile("retrieval/cases.jsonl")

    @Test func theRightEntryComesFirst() throws {
        let cases = try RetrievalEvaluation.load(path: Self.casesPath)
        let evaluation = RetrievalEvaluation(
            cases: cases, retriever: Retriever(knowledgeBase: try KnowledgeBase.bundled()))
        let top1 = RetrievalEvaluation.top1(evaluation.outcomes)
        let top3 = RetrievalEvaluation.top3(evaluation.outcomes)
        #expect(top1.ratio >= 0.90, "top-1 \(top1)")
        #expect(top3.ratio >= 0.97, "top-3 \(top3)")
    }

    @Test func theSetTestsRetrievalRatherThanMirrorsIt() throws {
        let cases = try RetrievalEvaluation.load(path: Self.casesPath)
        let knowledgeBase = try KnowledgeBase.bundled()
        #expect(cases.count >= 400)
        #expect(cases.allSatisfy { knowledgeBase.entry(id: $0.expected) != nil })
        let verbatim = cases.filter { testCase in
            knowledgeBase.entry(id: testCase.expected)!.keywords.contains { testCase.question.contains($0) }
        }
        #expect(
            Double(verbatim.count) / Double(cases.count) <= 0.30,
            "\(verbatim.count) of \(cases.count) use a keyword verbatim")
        for variety in ["follow_up", "stage_pair", "traditional", "english", "typo", "doctor"] {
            #expect(cases.contains { $0.variety == variety }, "\(variety)")
        }
        #expect(cases.filter { $0.split == "test" }.count >= 100)
    }
}
