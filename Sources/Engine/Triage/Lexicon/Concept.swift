/// What a phrase (or a number read from the text) means to triage. The scanner finds concepts;
/// `ScopeResolver` keeps those that happen now; `DangerRules` turns combinations of them into
/// danger signs. Concepts are bits of a `ConceptSet`, so a combination test is one AND.
enum Concept: Int, CaseIterable, Sendable {
    // Bleeding
    case bleeding, heavyBleeding, spotting, clot, largeSize, pads, withinAnHour, lochiaIncrease
    // Fits and consciousness, the brain
    case convulsion, unconscious, dizzy, confusion, strokeSign
    // Pain and its severity
    case headache, visionChange, epigastricPain, abdominalPain, boardHardBelly, hardAsStone, oneSided, shoulderTipPain
    case headSite, bellySite, painWord, weakness, severe, severePain, sudden
    // Breathing, heart, clots in vessels
    case breathless, chestPain, coughingBlood, cyanosis, legSwellingOneSide, oneLegSite, cramp
    // Labour and the baby
    case contractions, regular, pelvicPressure, watersBroken, fluidDiscoloured, cordOut, placentaRetained
    case noFetalMovement, fewerFetalMovement
    // Infection
    case fever, lowGradeFever, chills, coldLimbs, fastHeart, veryUnwell, infectionSign, breastInflamed
    case lochiaOrWound, woundInflamed
    // Other pregnancy conditions
    case suddenSwelling, faceOrHands, swollenWord, vomitingSevere, dehydration, vomiting, itchPalmsSoles, palmsOrSoles,
        itch
    // Mind
    case selfHarm, psychosis, lowMood, longDuration
    // Numbers read from the text
    case bpSevere, bpHigh, feverReading, normalTemperatureReading, lowTemperatureReading, lowOxygen, fastBreathingRate
    case fetalHeartAbnormal, frequentContractions, proteinuria, plateletsLow, glucoseAbnormal, bileAcidsHigh
    case fastHeartRate
    // Anchors the number reader starts from (never a sign by themselves)
    case anchorBloodPressure, anchorSystolic, anchorDiastolic, anchorTemperature, anchorOxygen
    case anchorBreathingRate, anchorFetalHeart, anchorHeartRate, anchorProtein, anchorPlatelets
    case anchorGlucose, anchorFastingGlucose, anchorBileAcids, anchorGestation
    // Stage
    case pregnancyCue, postpartumCue, earlyPregnancyCue
    // Scope markers
    case present, hypothetical, askingAhead, informational, teaching, recentPast, farPast, resolved, settled,
        thirdParty, relative
    case personal, firstPerson, specificCase
    // Words that only keep a shorter phrase from matching inside them (手机 is not 手)
    case blocker

    enum Kind { case symptom, qualifier, reading, anchor, stage, marker }

    var kind: Kind {
        switch self {
        case .severe, .severePain, .hardAsStone, .sudden, .largeSize, .pads, .withinAnHour, .regular, .oneSided,
            .longDuration, .headSite,
            .bellySite, .painWord, .weakness, .oneLegSite, .faceOrHands, .swollenWord, .lochiaOrWound, .palmsOrSoles,
            .itch, .blocker:
            .qualifier
        case .bpSevere, .bpHigh, .feverReading, .normalTemperatureReading, .lowTemperatureReading, .lowOxygen,
            .fastBreathingRate,
            .fetalHeartAbnormal, .frequentContractions, .proteinuria, .plateletsLow, .glucoseAbnormal, .bileAcidsHigh,
            .fastHeartRate:
            .reading
        case .anchorBloodPressure, .anchorSystolic, .anchorDiastolic, .anchorTemperature, .anchorOxygen,
            .anchorBreathingRate, .anchorFetalHeart, .anchorHeartRate, .anchorProtein, .anchorPlatelets, .anchorGlucose,
            .anchorFastingGlucose, .anchorBileAcids, .anchorGestation:
            .anchor
        case .pregnancyCue, .postpartumCue, .earlyPregnancyCue: .stage
        case .present, .hypothetical, .askingAhead, .informational, .teaching, .recentPast, .farPast, .resolved,
            .settled, .thirdParty,
            .relative, .personal, .firstPerson, .specificCase:
            .marker
        default: .symptom
        }
    }

    /// Whether 没有/不/无 before the phrase cancels it. Thoughts of self-harm are never cancelled:
    /// "我不想自杀，只是…" still deserves the crisis line.
    var negatable: Bool { kind == .symptom && self != .selfHarm }
}

/// A set of concepts as bits.
struct ConceptSet: Sendable, Equatable {
    private(set) var bits: UInt128 = 0

    init() {}

    init(_ concepts: [Concept]) {
        for concept in concepts { insert(concept) }
    }

    mutating func insert(_ concept: Concept) { bits |= 1 << UInt128(concept.rawValue) }
    mutating func formUnion(_ other: ConceptSet) { bits |= other.bits }
    mutating func remove(_ concept: Concept) { bits &= ~(1 << UInt128(concept.rawValue)) }
    func contains(_ concept: Concept) -> Bool { bits & (1 << UInt128(concept.rawValue)) != 0 }
    func containsAll(_ other: ConceptSet) -> Bool { bits & other.bits == other.bits }
    func containsAny(_ other: ConceptSet) -> Bool { bits & other.bits != 0 }
    var isEmpty: Bool { bits == 0 }
}
