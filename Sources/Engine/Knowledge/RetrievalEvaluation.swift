import Foundation

/// Scores retrieval against labelled everyday questions (JSON Lines: `id`, `question`,
/// `history` (earlier questions of the same chat), `user_type`, `expected` entry id,
/// `also_ok` ids, `variety`, `split`). A question is answered as the workflow answers it: the
/// stage from triage (text first, then the asker), the chat's last question as context.
/// Used by `maternal-qa retrieval-eval` and by the test that holds the bar.
public struct RetrievalEvaluation: Sendable {
    public struct Case: Codable, Sendable, LabelledCase {
        public var id: String
        public var question: String
        public var history: [String]?
        public var userType: UserType?
        public var expected: String
        public var alsoOK: [String]?
        public var variety: String?
        public var split: String?

        enum CodingKeys: String, CodingKey {
            case id, question, history, expected, variety, split
            case userType = "user_type"
            case alsoOK = "also_ok"
        }

        var acceptable: Set<String> { Set([expected] + (alsoOK ?? [])) }
    }

    public struct Outcome: Sendable {
        public var testCase: Case
        public var found: [String]
        /// Whether the answer would pick one entry (false: it offers choices, see `Retriever.isConfident`).
        public var isConfident: Bool
        public var microseconds: Double

        public var isTop1: Bool { found.first.map(testCase.acceptable.contains) ?? false }
        public var isTop3: Bool { found.prefix(3).contains(where: testCase.acceptable.contains) }
    }

    public let outcomes: [Outcome]

    public static func load(path: String) throws(JSONLines.LoadError) -> [Case] {
        try JSONLines.load(Case.self, path: path)
    }

    public init(cases: [Case], retriever: Retriever, triage: TriageEngine = TriageEngine()) {
        let clock = ContinuousClock()
        outcomes = cases.map { testCase in
            var passages: [RetrievedPassage] = []
            let elapsed = clock.measure {
                let stage = triage.read(testCase.question, userType: testCase.userType).stage
                passages = retriever.search(testCase.question, stage: stage, previous: testCase.history?.last)
            }
            return Outcome(
                testCase: testCase, found: passages.map(\.entry.id), isConfident: Retriever.isConfident(passages),
                microseconds: elapsed.inSeconds * 1e6)
        }
    }

    public func outcomes(split: String?) -> [Outcome] {
        guard let split else { return outcomes }
        return outcomes.filter { $0.testCase.split == split }
    }

    public static func top1(_ outcomes: [Outcome]) -> Fraction {
        Fraction(part: outcomes.filter(\.isTop1).count, whole: outcomes.count)
    }

    public static func top3(_ outcomes: [Outcome]) -> Fraction {
        Fraction(part: outcomes.filter(\.isTop3).count, whole: outcomes.count)
    }

    /// The report `retrieval-eval` prints: top-1 and top-3 accuracy, per variety, time, each miss.
    public func report(split: String?) -> String {
        let chosen = outcomes(split: split)
        var lines = ["cases: \(chosen.count)" + (split.map { " (split \($0))" } ?? "")]
        lines.append("top-1: \(Self.top1(chosen))")
        lines.append("top-3: \(Self.top3(chosen))")
        let varieties = Set(chosen.compactMap(\.testCase.variety)).sorted()
        for variety in varieties {
            let cases = chosen.filter { $0.testCase.variety == variety }
            lines.append("  \(variety): top-1 \(Self.top1(cases)), top-3 \(Self.top3(cases))")
        }
        let unsure = chosen.filter { !$0.isConfident }
        let sure = chosen.filter(\.isConfident)
        lines.append(
            "offered as choices (unsure): \(unsure.count), their first choice right \(Self.top1(unsure)); picked: top-1 \(Self.top1(sure))"
        )
        lines.append(Timings(chosen.map(\.microseconds)).line)
        let misses = chosen.filter { !$0.isTop1 }
        lines.append("top-1 misses: \(misses.count)")
        for miss in misses {
            let context = miss.testCase.history?.last.map { " (after: \($0))" } ?? ""
            lines.append(
                "  \(miss.testCase.id) expected \(miss.testCase.expected) got \(miss.found.prefix(3).joined(separator: ",")): \(miss.testCase.question)\(context)"
            )
        }
        return lines.joined(separator: "\n")
    }
}
