/// Decides, before anything else runs and for every backend, whether a message describes a
/// maternal danger sign happening now, and if so how urgently to seek care.
///
/// The pipeline, compiled once per process:
/// 1. `TriageText` normalises the text (traditional, full-width, Cantonese, typos, numerals);
/// 2. `ConceptScanner` finds the lexicon's phrases in one trie walk, dropping negated ones and
///    benign look-alikes (牙龈出血, 小腿抽筋);
/// 3. `ClinicalReadings` reads the numbers (blood pressure, temperature, SpO2, pads an hour…);
/// 4. `ScopeResolver` keeps what happens now (not 如果…, 上周…已经好了, 我闺蜜…);
/// 5. `DangerRules` turns what is left, with the stage, into signs and levels.
/// It never diagnoses: it only says "this needs a clinician now / today".
public struct TriageEngine: Sendable {
    static let scanner = ConceptScanner(groups: TriageLexicon.all) { TriageText.normalize($0) }

    public init() {}

    /// The triage of `text`: the highest level among the danger signs found, their stable codes
    /// in rule order, and the seek-care instruction (nil when routine). `userType` gives the stage
    /// when the text does not.
    public func assess(_ text: String, userType: UserType? = nil) -> TriageAssessment {
        read(text, userType: userType).assessment
    }

    /// The assessment together with the stage it was made for (retrieval uses the stage).
    public func read(_ text: String, userType: UserType? = nil) -> TriageReading {
        Self.findings(in: text) { scope, readings in
            let stage = StageFacts(scope: scope, numbers: readings.stageNumbers, userType: userType)
            let facts = TriageFacts(
                now: scope.now, sentences: scope.nowBySentence, clauses: scope.nowByClause, stage: stage)
            var level = TriageLevel.routine
            var codes: [String] = []
            var advice: [String] = []
            for rule in DangerRules.all {
                guard let found = rule.level(facts) else { continue }
                level = max(level, found)
                codes.append(rule.code)
                if let line = rule.advice { advice.append(line) }
            }
            let assessment =
                codes.isEmpty
                ? TriageAssessment.routine
                : TriageAssessment(
                    level: level, signs: codes, instruction: TriageInstructions.instruction(for: level, advice: advice))
            return TriageReading(assessment: assessment, stage: stage.stage)
        }
    }

    /// A sign code in a few Chinese words (the model's raise included); nil for an unknown code.
    public static func signName(_ code: String) -> String? {
        if code == TriageSummary.modelAssessmentSign { return "模型评估" }
        return DangerRules.all.first { $0.code == code }?.name
    }

    /// The text as the rules read it (for `triage-eval --explain`).
    public static func normalised(_ text: String) -> String {
        String(String.UnicodeScalarView(TriageText.normalize(text).compactMap(Unicode.Scalar.init)))
    }

    /// The concepts found happening now, by name (for `triage-eval --explain`).
    public static func conceptsNow(_ text: String) -> [String] {
        findings(in: text) { scope, _ in Concept.allCases.filter { scope.now.contains($0) }.map { "\($0)" } }
    }

    /// Steps 1–4 of the pipeline: what `text` says, its numbers, and what of it happens now.
    private static func findings<Result>(
        in text: String, _ body: (ScopeResolver, ClinicalReadings) -> Result
    ) -> Result {
        TriageText.normalize(text).withUnsafeBufferPointer { buffer in
            let words = scanner.scan(buffer)
            let readings = ClinicalReadings(text: buffer, words: words)
            return body(ScopeResolver(hits: words + readings.hits, segments: TextSegments(buffer)), readings)
        }
    }

    /// The seek-care instruction for a triage already made (stored at intake), so every front end
    /// shows the same words without re-reading the question; nil for routine.
    public static func instruction(for summary: TriageSummary) -> String? {
        let advice = DangerRules.all.filter { summary.signs.contains($0.code) }.compactMap(\.advice)
        return TriageInstructions.instruction(for: summary.level, advice: advice)
    }
}

/// A triage together with the stage the text (or the asker) is in.
public struct TriageReading: Sendable, Equatable {
    public var assessment: TriageAssessment
    public var stage: PregnancyStage?
}
