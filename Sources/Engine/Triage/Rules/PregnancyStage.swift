/// Whether she is pregnant or has given birth, from the text first (孕32周, 产后第5天, 月子里),
/// then from who is asking. Triage reads antepartum and postpartum bleeding differently, and
/// retrieval never answers one from the other's entry.
public enum PregnancyStage: String, Sendable, Codable {
    case pregnant, postpartum
}

/// The stage and, when the text gives it, the gestational age.
struct StageFacts: Sendable {
    var stage: PregnancyStage?
    var weeksPregnant: Double?
    /// Up to 12 weeks, or said in words (早孕, 刚查出怀孕, 停经40天): the time of ectopic pregnancy.
    var isEarlyPregnancy: Bool

    init(scope: ScopeResolver, numbers: [ClinicalReadings.StageNumber], userType: UserType?) {
        let current = numbers.filter { scope.isNow(at: $0.position) }
        let weeks = (current.last ?? numbers.last).flatMap(\.weeksPregnant)
        let days = current.contains { $0.daysPostpartum != nil } || numbers.contains { $0.daysPostpartum != nil }
        weeksPregnant = weeks
        if scope.now.contains(.postpartumCue) || current.contains(where: { $0.daysPostpartum != nil }) {
            stage = .postpartum
        } else if weeks != nil || scope.now.contains(.pregnancyCue) || scope.now.contains(.earlyPregnancyCue) {
            stage = .pregnant
        } else if scope.anywhere.contains(.postpartumCue) || days {
            stage = .postpartum
        } else if scope.anywhere.contains(.pregnancyCue) || scope.anywhere.contains(.earlyPregnancyCue) {
            stage = .pregnant
        } else {
            switch userType {
            case .pregnant_mother: stage = .pregnant
            case .postpartum_mother: stage = .postpartum
            default: stage = nil
            }
        }
        isEarlyPregnancy =
            stage == .pregnant && ((weeks.map { $0 <= 13 } ?? false) || scope.now.contains(.earlyPregnancyCue))
    }
}
