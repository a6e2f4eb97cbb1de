import ArgumentParser
import Engine

/// `maternal-qa triage-eval FILE`: scores the triage rules against a labelled question set and
/// prints recall per level, routine kept, time per question and every miss.
struct TriageEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage-eval",
        abstract: "Score triage against a labelled JSON Lines question set (e.g. Evaluation/triage/cases.jsonl)."
    )

    @Argument(help: "JSON Lines file: one case per line with id, text, user_type, expected, sign, split…")
    var file: String?

    @Option(help: "Instead of scoring a file, show how triage reads this one text: level, signs, stage.")
    var explain: String?

    @Option(help: "Only the cases of this split (dev or test); all cases when absent.")
    var split: String?

    @Option(help: "Repeat the whole set this many times before timing, so the timings are warm.")
    var warmup: Int = 1

    func run() async throws {
        try await runReportingFailures {
            if let explain {
                let reading = TriageEngine().read(explain)
                print(
                    "level: \(reading.assessment.level.rawValue)\nsigns: \(reading.assessment.signs.joined(separator: ", "))"
                )
                print("stage: \(reading.stage?.rawValue ?? "unknown")\nnormalised: \(TriageEngine.normalised(explain))")
                print("found now: \(TriageEngine.conceptsNow(explain).joined(separator: " "))")
                return
            }
            guard let file else { throw CLIFailure.badSettings("give an evaluation FILE, or --explain TEXT") }
            let cases = try evaluationCases(TriageEvaluation.Case.self, file: file, split: split)
            guard warmup >= 0 else { throw CLIFailure.badSettings("--warmup must be 0 or more") }
            for _ in 0..<warmup { _ = TriageEvaluation(cases: cases) }
            print(TriageEvaluation(cases: cases).report(split: split))
        }
    }
}
