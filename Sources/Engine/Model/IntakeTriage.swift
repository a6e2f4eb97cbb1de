/// Triage as the task engine keeps it: made at intake, stored with the task, raised (never
/// lowered) by later steps, and ordering the queue. The scanner itself is `TriageEngine`; this
/// only combines its findings.
extension TriageLevel {
    /// The store's claim priority of a task at this level: emergencies first, then urgent cases,
    /// then the rest, each in acceptance order.
    public var queuePriority: Int {
        switch self {
        case .routine: 0
        case .urgent: 1
        case .emergency: 2
        }
    }
}

extension TriageSummary {
    public static let routine = TriageSummary(level: .routine, signs: [])

    /// The sign code added when the model raised the level above what the rules found.
    public static let modelAssessmentSign = "model_assessment"

    /// The triage of a question, as intake stores it.
    public static func of(_ request: QARequest) -> TriageSummary {
        TriageSummary(TriageEngine().assess(request.input, userType: request.userType))
    }

    /// This triage combined with a later finding: the higher level, and the signs of both (these
    /// first). Never lower than either.
    public func raised(by other: TriageSummary) -> TriageSummary {
        TriageSummary(level: max(level, other.level), signs: signs + other.signs.filter { !signs.contains($0) })
    }

    /// The seek-care instruction for this triage (nil when routine).
    public var instruction: String? { TriageEngine.instruction(for: self) }
}

extension TriageAssessment {
    /// The assessment of a stored triage, its instruction rebuilt from the level and signs.
    public init(_ summary: TriageSummary) {
        self.init(level: summary.level, signs: summary.signs, instruction: summary.instruction)
    }
}

extension TaskSnapshot {
    /// The task's triage, which intake stores with every task; a task stored before that (a
    /// database from an older version whose row has none) is assessed now.
    public var triageSummary: TriageSummary { triage ?? .of(request) }
}

extension TriageSummary {
    /// The triage a database upgrade gives an unfinished task stored before intake triage: the
    /// question assessed now, never below the level its row may already hold.
    package static func backfilled(input: String, userType: String, level: String?, signs: String?) -> TriageSummary {
        let request = QARequest(input: input, maternalID: 0, userType: UserType(rawValue: userType) ?? .pregnant_mother)
        let assessed = TriageSummary.of(request)
        return stored(level: level, signs: signs)?.raised(by: assessed) ?? assessed
    }
}
