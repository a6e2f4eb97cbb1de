/// Decides, before anything else runs and for every backend, whether a message describes a
/// maternal danger sign, and if so how urgently to seek care.
///
/// Rules live in `DangerSigns` (codes, phrasings, benign contexts, per-sign levels; see its
/// doc comment for the level mapping). They are compiled once per process into a trie
/// (`TriageScanner`), so `assess` does no regex work and allocates nothing for routine text.
/// It never diagnoses: it only says "this needs a clinician now / today".
public struct TriageEngine: Sendable {
    static let scanner = TriageScanner(signs: DangerSigns.all)

    public init() {}

    /// The triage of `text`: the highest level among the danger signs found, their stable codes
    /// in rule order, and the seek-care instruction (nil when routine).
    /// `userType` tells the stage (pregnant or postpartum) when the text does not.
    public func assess(_ text: String, userType: UserType? = nil) -> TriageAssessment {
        let scanner = Self.scanner
        let findings = scanner.scan(text)
        guard findings.found != 0 else { return .routine }
        let level: TriageLevel = findings.emergency != 0 ? .emergency : .urgent
        var codes: [String] = []
        var advice: [String] = []
        for (index, sign) in scanner.signs.enumerated() where findings.found & (1 << UInt64(index)) != 0 {
            codes.append(sign.code)
            if let line = sign.advice { advice.append(line) }
        }
        return TriageAssessment(
            level: level, signs: codes, instruction: TriageInstructions.instruction(for: level, advice: advice))
    }

    /// The seek-care instruction for a triage already made (stored at intake), so every front end
    /// shows the same words without re-reading the question; nil for routine.
    public static func instruction(for summary: TriageSummary) -> String? {
        let advice = scanner.signs.filter { summary.signs.contains($0.code) }.compactMap(\.advice)
        return TriageInstructions.instruction(for: summary.level, advice: advice)
    }
}
