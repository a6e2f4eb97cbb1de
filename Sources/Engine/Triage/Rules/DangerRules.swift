/// What triage knows about a message once scope is applied: the concepts happening now (for the
/// message and per sentence) and the stage.
struct TriageFacts {
    let now: ConceptSet
    let sentences: [ConceptSet]
    let clauses: [ConceptSet]
    let stage: StageFacts

    func has(_ concept: Concept) -> Bool { now.contains(concept) }
    func hasAny(_ concepts: Concept...) -> Bool { concepts.contains { now.contains($0) } }

    /// Both concepts in one sentence: severity words qualify the pain they sit with.
    func together(_ first: Concept, _ second: Concept) -> Bool {
        sentences.contains { $0.contains(first) && $0.contains(second) }
    }

    /// A site and its state in one clause: 脚有点肿…脸和手都不肿 is not a swollen face.
    func inClause(_ site: Concept, _ any: ConceptSet) -> Bool {
        clauses.contains { $0.contains(site) && $0.containsAny(any) }
    }

    func together(_ first: Concept, _ any: ConceptSet) -> Bool {
        sentences.contains { $0.contains(first) && $0.containsAny(any) }
    }

    var isPostpartum: Bool { stage.stage == .postpartum }

    /// Belly pain, named (腹痛) or written apart (小肚子…疼).
    var abdominalPain: Bool {
        has(.abdominalPain) || together(.bellySite, ConceptSet([.painWord, .severePain]))
    }

    /// A site, a pain word and a severity word in one sentence: 从来没这么疼过，肚子一直绞着疼.
    func severePain(at site: Concept) -> Bool {
        sentences.contains {
            $0.contains(site) && ($0.contains(.severePain) || ($0.contains(.painWord) && $0.contains(.severe)))
        }
    }

    var severeAbdominalPain: Bool {
        together(.abdominalPain, ConceptSet([.severe, .severePain])) || severePain(at: .bellySite)
            || together(.epigastricPain, ConceptSet([.severe, .severePain])) || has(.boardHardBelly)
            || together(.bellySite, .hardAsStone)
    }
    var anyFever: Bool {
        has(.feverReading) || has(.chills) || (has(.fever) && !(has(.normalTemperatureReading) && !has(.feverReading)))
    }
}

/// A danger sign: its stable code (on the wire in `triage.signs`), its name, the rule that gives its level
/// for a message (nil when absent), and a sign-specific line for the seek-care instruction.
struct DangerRule: Sendable {
    let code: String
    /// The sign in a few words, for the terminal UI.
    let name: String
    let advice: String?
    let level: @Sendable (TriageFacts) -> TriageLevel?
}

/// The danger-sign rules, from the WHO, ACOG/AIM and NICE lists; README's triage section states
/// them in words. Order is the order of `signs` and of advice lines (the crisis line first).
enum DangerRules {
    static let all: [DangerRule] = [
        DangerRule(
            code: "self_harm", name: "自伤念头",
            advice:
                "如果你有伤害自己或宝宝的想法，这不是你的错，也可以得到帮助：请现在就告诉身边的家人，不要独处；可拨打全国心理援助热线 400-161-9995 或北京心理危机研究与干预中心热线 010-82951332（24小时），有立即危险时请拨打120或110。"
        ) { $0.has(.selfHarm) ? .emergency : nil },
        DangerRule(
            code: "postpartum_psychosis", name: "产后精神病征象",
            advice: "请不要让她独自一人或单独照看宝宝，拿走危险物品，立即陪她去医院急诊或精神科急诊。"
        ) { $0.has(.psychosis) ? .emergency : nil },
        DangerRule(
            code: "convulsions", name: "抽搐",
            advice: "如果她正在抽搐：让她侧躺，移开周围的危险物品，不要往她嘴里塞任何东西，也不要强行按住她，记下抽搐的时间，等待急救。"
        ) { $0.hasAny(.convulsion, .unconscious) ? .emergency : nil },
        DangerRule(
            code: "stroke_signs", name: "中风征象",
            advice: "记下症状开始的准确时间，不要给她吃喝任何东西，立即拨打120。"
        ) { facts in
            facts.has(.strokeSign) || facts.together(.oneSided, .weakness) || (facts.has(.confusion) && !facts.anyFever)
                ? .emergency : nil
        },
        DangerRule(code: "severe_headache_blurred_vision", name: "剧烈头痛或视物模糊", advice: nil) { facts in
            facts.has(.visionChange) || facts.together(.headache, ConceptSet([.severe, .severePain, .sudden]))
                || facts.severePain(at: .headSite) ? .emergency : nil
        },
        DangerRule(
            code: "high_blood_pressure", name: "血压过高",
            advice: "请静坐休息5分钟后再量一次血压并记下读数，带上读数去医院；不要自行加减降压药。"
        ) { facts in
            if facts.has(.bpSevere) {
                return facts.hasAny(.headache, .visionChange, .epigastricPain, .breathless, .confusion, .chestPain)
                    ? .emergency : .urgent
            }
            return facts.has(.bpHigh) ? .urgent : nil
        },
        DangerRule(
            code: "vaginal_bleeding", name: "阴道出血",
            advice: "请记下出血开始的时间和大概的量（用了几片卫生巾），不要往阴道里放任何东西。"
        ) { facts in
            guard !facts.isPostpartum else { return nil }
            if heavyBleeding(facts) { return .emergency }
            if facts.has(.bleeding) {
                // Before 20 weeks bleeding without pain is often a threatened miscarriage: today, not 120.
                let early = facts.stage.isEarlyPregnancy || (facts.stage.weeksPregnant ?? 40) < 20
                return early && !facts.abdominalPain ? .urgent : .emergency
            }
            return facts.hasAny(.spotting, .clot) ? .urgent : nil
        },
        DangerRule(
            code: "postpartum_haemorrhage", name: "产后大出血",
            advice: "请让她躺下休息，记下出血量和时间（湿透了几片卫生巾、有没有大血块），尽快送医，途中注意她是否头晕、脸色发白。"
        ) { facts in
            guard facts.isPostpartum else { return nil }
            if heavyBleeding(facts) { return .emergency }
            if facts.has(.lochiaIncrease) || facts.has(.clot) || facts.together(.bleeding, .sudden) { return .urgent }
            return nil
        },
        DangerRule(
            code: "breathing_difficulty", name: "呼吸困难",
            advice: "让她坐直、松开紧身衣物、保持空气流通，等待急救时不要让她独自一人。"
        ) { facts in
            facts.hasAny(.breathless, .chestPain, .coughingBlood, .cyanosis, .lowOxygen, .fastBreathingRate)
                ? .emergency : nil
        },
        DangerRule(
            code: "deep_vein_thrombosis", name: "单侧腿肿痛（血栓）",
            advice: "不要按摩或热敷那条腿；如果同时胸痛、喘不上气或咳血，请立即拨打120。"
        ) { facts in
            let oneLeg =
                facts.together(.oneLegSite, ConceptSet([.swollenWord, .painWord, .woundInflamed]))
                && !facts.together(.oneLegSite, .cramp)
            return facts.has(.legSwellingOneSide) || oneLeg ? .urgent : nil
        },
        DangerRule(code: "ectopic_pregnancy", name: "疑似宫外孕", advice: "宫外孕破裂会大量内出血：请不要自己开车，立即去医院急诊，途中尽量平躺。") { facts in
            guard facts.stage.isEarlyPregnancy else { return nil }
            let pain = facts.abdominalPain
            let oneSidedPain = facts.together(.oneSided, ConceptSet([.abdominalPain, .painWord, .severePain]))
            let shoulder =
                facts.has(.shoulderTipPain) && (pain || facts.hasAny(.painWord, .bleeding, .dizzy, .unconscious))
            if oneSidedPain || shoulder || facts.has(.unconscious)
                || (pain && facts.hasAny(.dizzy, .bleeding, .severe, .severePain))
            {
                return .emergency
            }
            return nil
        },
        DangerRule(code: "severe_abdominal_pain", name: "剧烈腹痛", advice: nil) { facts in
            facts.severeAbdominalPain ? .emergency : nil
        },
        DangerRule(
            code: "cord_prolapse", name: "脐带脱垂",
            advice: "立即拨打120。让她跪趴、臀部抬高（膝胸卧位）或侧躺垫高臀部，不要把脐带往回塞，可用温湿毛巾轻轻盖住。"
        ) { $0.has(.cordOut) ? .emergency : nil },
        DangerRule(
            code: "retained_placenta", name: "胎盘未娩出",
            advice: "不要拉扯脐带，让她躺下保暖，注意出血量，立即拨打120。"
        ) { $0.has(.placentaRetained) ? .emergency : nil },
        DangerRule(
            code: "waters_breaking", name: "破水",
            advice: "请记下破水的时间和羊水的颜色，垫上干净的卫生巾，不要盆浴；如果羊水发绿，或感觉有东西从阴道脱出，请躺下并立即拨打120。"
        ) { facts in
            guard facts.has(.watersBroken) else { return nil }
            let preterm = (facts.stage.weeksPregnant ?? 40) < 37
            return preterm || facts.hasAny(.fluidDiscoloured, .cordOut, .bleeding) ? .emergency : .urgent
        },
        DangerRule(code: "preterm_labour", name: "早产征兆", advice: "请左侧躺休息、不要自己开车，带上产检资料马上去有产科的医院。") { facts in
            guard let weeks = facts.stage.weeksPregnant, weeks >= 20, weeks < 37,
                facts.has(.contractions)
                    || facts.has(.pelvicPressure)
            else { return nil }
            let labour =
                facts.has(.frequentContractions) || facts.together(.contractions, .regular)
                || (facts.has(.contractions) && facts.has(.pelvicPressure))
            return labour ? .urgent : nil
        },
        DangerRule(
            code: "reduced_fetal_movement", name: "胎动减少",
            advice: "胎动减少不要等到第二天，也不要只靠家用胎心仪自己判断，请现在就联系产科或去医院做胎心监护。"
        ) { facts in
            if facts.has(.noFetalMovement) { return .emergency }
            return facts.has(.fewerFetalMovement) ? .urgent : nil
        },
        DangerRule(code: "abnormal_fetal_heart_rate", name: "胎心异常", advice: "家用胎心仪读数不可靠，请马上去医院做胎心监护。") {
            $0.has(.fetalHeartAbnormal) ? .urgent : nil
        },
        DangerRule(
            code: "sepsis", name: "疑似脓毒症",
            advice: "发烧同时手脚冰凉、意识不清、呼吸或心跳很快，可能是严重感染（脓毒症），每一小时都重要，请立即拨打120。"
        ) { facts in
            (facts.anyFever || facts.has(.lowTemperatureReading))
                && facts.hasAny(
                    .confusion, .coldLimbs, .fastBreathingRate, .fastHeartRate, .fastHeart, .veryUnwell, .breathless)
                ? .emergency : nil
        },
        DangerRule(
            code: "fever", name: "发热",
            advice: "可以先多喝水、适当减少衣物，退烧药请选对乙酰氨基酚并按说明用量，不要自行服用布洛芬、阿司匹林或复方感冒药。"
        ) { $0.anyFever ? .urgent : nil },
        DangerRule(code: "postpartum_infection", name: "产后感染", advice: "请尽快让医生检查伤口或恶露，必要时需要用抗生素；如果同时发烧、发冷或非常难受，请立即就医。")
        {
            $0.has(.infectionSign) || ($0.isPostpartum && $0.together(.lochiaOrWound, .woundInflamed)) ? .urgent : nil
        },
        DangerRule(code: "mastitis_with_fever", name: "乳腺炎伴发热", advice: "可以继续喂奶或吸奶，让乳汁排出；今天请就医，可能需要哺乳期可用的抗生素。") {
            facts in
            facts.has(.breastInflamed) && facts.anyFever ? .urgent : nil
        },
        DangerRule(
            code: "sudden_swelling", name: "突发水肿",
            advice: "请尽快测量血压；如果同时有剧烈头痛、看东西模糊或上腹痛，请立即拨打120。"
        ) { $0.has(.suddenSwelling) || $0.inClause(.faceOrHands, ConceptSet([.swollenWord])) ? .urgent : nil },
        DangerRule(code: "abnormal_lab_result", name: "化验异常", advice: "请带上化验单今天就去产科，让医生结合血压和症状判断。") {
            $0.hasAny(.proteinuria, .plateletsLow, .glucoseAbnormal) ? .urgent : nil
        },
        DangerRule(code: "hyperemesis_dehydration", name: "剧吐脱水", advice: "少量多次地喝水或口服补液盐；一整天吃喝不进或几乎没有小便，需要今天去医院输液。") {
            facts in
            facts.has(.vomitingSevere) || (facts.has(.dehydration) && facts.has(.vomiting)) ? .urgent : nil
        },
        DangerRule(code: "cholestasis", name: "疑似胆汁淤积", advice: "请今天去产科查肝功能和胆汁酸，同时留意胎动。") { facts in
            let itch = facts.has(.itchPalmsSoles) || facts.together(.palmsOrSoles, .itch)
            return (itch && !facts.isPostpartum) || facts.has(.bileAcidsHigh) ? .urgent : nil
        },
        DangerRule(
            code: "severe_low_mood", name: "持续情绪低落",
            advice: "这不是你不够坚强，产后情绪问题可以治疗：请今天联系医生或心理门诊，也可拨打心理援助热线 400-161-9995。"
        ) { facts in
            facts.has(.lowMood) && facts.has(.longDuration) ? .urgent : nil
        },
    ]

    /// Soaking a pad in an hour, clots the size of an egg, 大出血/比月经多, or bleeding with
    /// fainting, dizziness or severe pain.
    private static func heavyBleeding(_ facts: TriageFacts) -> Bool {
        if facts.has(.heavyBleeding) || facts.together(.pads, .withinAnHour) || facts.together(.clot, .largeSize) {
            return true
        }
        guard facts.hasAny(.bleeding, .spotting, .clot) else { return false }
        return facts.hasAny(.unconscious, .dizzy) || facts.severeAbdominalPain
    }
}
