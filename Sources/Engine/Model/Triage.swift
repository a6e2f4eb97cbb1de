/// How urgently the asker should seek care, decided before anything else runs.
public enum TriageLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case routine, urgent, emergency

    private var rank: Int {
        switch self {
        case .routine: 0
        case .urgent: 1
        case .emergency: 2
        }
    }

    public static func < (lhs: TriageLevel, rhs: TriageLevel) -> Bool { lhs.rank < rhs.rank }
}

/// The outcome of triage: the level, the danger signs found (stable codes, e.g. `vaginal_bleeding`),
/// and, when not routine, the project's own seek-care instruction that must open the reply.
public struct TriageAssessment: Codable, Sendable, Equatable {
    public var level: TriageLevel
    public var signs: [String]
    public var instruction: String?

    public init(level: TriageLevel, signs: [String], instruction: String?) {
        self.level = level
        self.signs = signs
        self.instruction = instruction
    }

    public static let routine = TriageAssessment(level: .routine, signs: [], instruction: nil)
}
