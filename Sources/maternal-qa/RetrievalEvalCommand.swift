import ArgumentParser
import Engine

/// `maternal-qa retrieval-eval FILE`: scores retrieval against labelled everyday questions and
/// prints top-1 and top-3 accuracy, per variety, time per question and every top-1 miss.
struct RetrievalEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrieval-eval",
        abstract: "Score retrieval against a labelled JSON Lines question set (e.g. Evaluation/retrieval/cases.jsonl)."
    )

    @Argument(
        help: "JSON Lines file: one case per line with id, question, history, user_type, expected, also_ok, split…")
    var file: String

    @Option(help: "Only the cases of this split (dev or test); all cases when absent.")
    var split: String?

    func run() async throws {
        try await runReportingFailures {
            let cases = try evaluationCases(RetrievalEvaluation.Case.self, file: file, split: split)
            let knowledgeBase: KnowledgeBase
            do {
                knowledgeBase = try KnowledgeBase.bundled()
            } catch {
                throw CLIFailure.failed(String(describing: error))
            }
            let retriever = Retriever(knowledgeBase: knowledgeBase)
            _ = RetrievalEvaluation(cases: cases, retriever: retriever)  // warm up
            print(RetrievalEvaluation(cases: cases, retriever: retriever).report(split: split))
        }
    }
}

/// The cases of an evaluation file for `triage-eval` and `retrieval-eval`: a bad file or an
/// unknown split ends the command with the problem named (exit 2).
func evaluationCases<Case: LabelledCase>(_ type: Case.Type, file: String, split: String?) throws -> [Case] {
    do {
        return try JSONLines.loadCases(type, path: file, split: split)
    } catch {
        throw CLIFailure.badInput(String(describing: error))
    }
}
