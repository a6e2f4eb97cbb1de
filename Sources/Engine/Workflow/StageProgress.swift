/// The progress each stage starts at; generation fills the span up to `saving`.
public enum StageProgress {
    public static let queued = 0
    public static let loadingHistory = 5
    public static let triage = 15
    public static let retrieval = 25
    public static let generationStart = 35
    public static let saving = 95
    public static let done = 100

    static func generation(fraction: Double) -> Int {
        let clamped = min(max(fraction, 0), 1)
        return generationStart + Int((Double(saving - 1 - generationStart) * clamped).rounded(.down))
    }
}
