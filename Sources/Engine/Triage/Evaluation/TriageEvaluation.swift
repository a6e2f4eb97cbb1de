import Foundation

/// Scores triage against a labelled set (JSON Lines, one case per line: `id`, `text`,
/// `user_type`, `expected` level, `sign`, `stage`, `source`, `variety`, `split`). Danger recall
/// counts a case as found when it is triaged urgent or emergency; the exact level is reported
/// per level as well. Used by `maternal-qa triage-eval` and by the test that holds the bar.
public struct TriageEvaluation: Sendable {
    public struct Case: Codable, Sendable, LabelledCase {
        public var id: String
        public var text: String
        public var userType: UserType?
        public var expected: TriageLevel
        public var sign: String?
        public var stage: String?
        public var source: String?
        public var variety: String?
        public var split: String?

        enum CodingKeys: String, CodingKey {
            case id, text, expected, sign, stage, source, variety, split
            case userType = "user_type"
        }
    }

    public struct Outcome: Sendable {
        public var testCase: Case
        public var got: TriageAssessment
        public var microseconds: Double

        public var isDanger: Bool { testCase.expected != .routine }
        public var isFlagged: Bool { got.level != .routine }
        /// A danger case triaged routine, or a routine case flagged.
        public var isMiss: Bool { isDanger != isFlagged }
    }

    public let outcomes: [Outcome]

    public static func load(path: String) throws(JSONLines.LoadError) -> [Case] {
        try JSONLines.load(Case.self, path: path)
    }

    public init(cases: [Case], engine: TriageEngine = TriageEngine()) {
        let clock = ContinuousClock()
        outcomes = cases.map { testCase in
            var got = TriageAssessment.routine
            let elapsed = clock.measure { got = engine.assess(testCase.text, userType: testCase.userType) }
            return Outcome(testCase: testCase, got: got, microseconds: elapsed.inSeconds * 1e6)
        }
    }

    /// The outcomes of one split ("dev", "test"), or all of them for nil.
    public func outcomes(split: String?) -> [Outcome] {
        guard let split else { return outcomes }
        return outcomes.filter { $0.testCase.split == split }
    }

    /// Danger cases flagged urgent or emergency, over all danger cases.
    public static func dangerRecall(_ outcomes: [Outcome]) -> Fraction {
        let danger = outcomes.filter(\.isDanger)
        return Fraction(part: danger.filter(\.isFlagged).count, whole: danger.count)
    }

    /// Cases of `level` triaged exactly at that level.
    public static func exactRecall(_ outcomes: [Outcome], level: TriageLevel) -> Fraction {
        let cases = outcomes.filter { $0.testCase.expected == level }
        return Fraction(part: cases.filter { $0.got.level == level }.count, whole: cases.count)
    }

    /// Routine cases left routine.
    public static func routineKept(_ outcomes: [Outcome]) -> Fraction {
        let routine = outcomes.filter { !$0.isDanger }
        return Fraction(part: routine.filter { !$0.isFlagged }.count, whole: routine.count)
    }

    /// The report `triage-eval` prints: recall per level, routine kept, time per question, and each miss.
    public func report(split: String?) -> String {
        let chosen = outcomes(split: split)
        var lines: [String] = []
        lines.append("cases: \(chosen.count)" + (split.map { " (split \($0))" } ?? ""))
        lines.append("danger recall (urgent or emergency found): \(Self.dangerRecall(chosen))")
        for level in [TriageLevel.emergency, .urgent] {
            let cases = chosen.filter { $0.testCase.expected == level }
            let flagged = cases.filter(\.isFlagged).count
            lines.append(
                "  \(level.rawValue): flagged \(flagged)/\(cases.count), at exactly this level \(Self.exactRecall(chosen, level: level))"
            )
        }
        lines.append("routine kept: \(Self.routineKept(chosen))")
        lines.append(Timings(chosen.map(\.microseconds)).line)
        let misses = chosen.filter(\.isMiss)
        lines.append("misses: \(misses.count)")
        for miss in misses {
            let got =
                miss.got.level == .routine
                ? "routine" : "\(miss.got.level.rawValue) \(miss.got.signs.joined(separator: ","))"
            lines.append(
                "  \(miss.testCase.id) expected \(miss.testCase.expected.rawValue) (\(miss.testCase.sign ?? "-"), \(miss.testCase.variety ?? "-")) got \(got): \(miss.testCase.text)"
            )
        }
        return lines.joined(separator: "\n")
    }
}
