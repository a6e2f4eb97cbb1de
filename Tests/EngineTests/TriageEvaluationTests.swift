import Foundation
import Testing

@testable import Engine

/// The bar on the labelled evaluation set (Evaluation/triage/cases.jsonl, written from the WHO,
/// ACOG/AIM and NICE danger-sign lists by writers who had not read the rules): every danger case
/// is flagged, and at least 95 % of routine questions stay routine.
@Suite struct TriageEvaluationTests {
    static let casesPath = evaluationFile("triage/cases.jsonl")

    @Test func everyDangerCaseIsFlaggedAndRoutineIsKept() throws {
        let cases = try TriageEvaluation.load(path: Self.casesPath)
        #expect(cases.count >= 600)
        let evaluation = TriageEvaluation(cases: cases)
        let recall = TriageEvaluation.dangerRecall(evaluation.outcomes)
        let kept = TriageEvaluation.routineKept(evaluation.outcomes)
        let missed = evaluation.outcomes.filter { $0.isDanger && !$0.isFlagged }.map {
            "\($0.testCase.id): \($0.testCase.text)"
        }
        #expect(recall.part == recall.whole, "danger cases triaged routine: \(missed)")
        #expect(kept.ratio >= 0.95, "routine kept \(kept)")
    }

    @Test func theSetIsBalancedAndTagged() throws {
        let cases = try TriageEvaluation.load(path: Self.casesPath)
        let danger = cases.filter { $0.expected != .routine }.count
        #expect(Double(danger) / Double(cases.count) > 0.4 && Double(danger) / Double(cases.count) < 0.6)
        #expect(cases.allSatisfy { $0.source != nil && $0.variety != nil && $0.split != nil })
        #expect(cases.filter { $0.split == "test" }.count >= 150)
        #expect(Set(cases.map(\.id)).count == cases.count)
    }

    @Test func aBrokenFileIsReportedByLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("triage-bad-\(UUID()).jsonl").path
        try "{\"id\":\"x\",\"text\":\"hi\",\"expected\":\"routine\"}\n{not json}\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let broken = #expect(throws: JSONLines.LoadError.self) { try TriageEvaluation.load(path: path) }
        if case .badLine(let line, let why)? = broken {
            #expect(line == 2 && why == "The given data was not valid JSON.")
        } else {
            Issue.record("not a bad line: \(String(describing: broken))")
        }
        let missing = #expect(throws: JSONLines.LoadError.self) { try TriageEvaluation.load(path: path + ".missing") }
        if case .unreadable? = missing {
        } else {
            Issue.record("not an unreadable file: \(String(describing: missing))")
        }
    }
}

/// The steps before the rules: normalisation, numbers, scope and stage.
@Suite struct TriageReadingTests {
    static let engine = TriageEngine()

    @Test func traditionalCantoneseAndTyposReachTheSameRules() {
        #expect(Self.engine.assess("懷孕32週，陰道大出血").level == .emergency)
        #expect(Self.engine.assess("我老婆頭先抽搐，叫佢都唔應").signs.contains("convulsions"))
        #expect(Self.engine.assess("孕34周，宝宝一直不动，台动都没有").signs.contains("reduced_fetal_movement"))
    }

    @Test func chineseNumeralsBecomeDigits() {
        #expect(TriageEngine.normalised("一百六十/一百一") == "160/110")
        #expect(TriageEngine.normalised("三十八度五") == "38度5")
        #expect(TriageEngine.normalised("五六分钟") == "5分钟")
        #expect(TriageEngine.normalised("万一") == "万1")
    }

    @Test(arguments: [
        ("孕34周，血压165/112，头痛", TriageLevel.emergency), ("BP 165/112 no symptoms", .urgent), ("高压150 低压95", .urgent),
        ("血压一百六十/一百一", .urgent), ("血压120/80", .routine), ("体温38度5", .urgent), ("体温37.3", .routine),
        ("血氧91%", .emergency), ("胎心一直在180", .urgent), ("胎心140", .routine), ("孕32周，肚子发紧，每5分钟一次", .urgent),
        ("尿蛋白3+", .urgent), ("血小板85", .urgent), ("空腹血糖7.8", .urgent), ("空腹血糖4.6", .routine),
    ])
    func numbersAreReadAsFindings(_ text: String, _ level: TriageLevel) {
        #expect(Self.engine.assess(text).level == level, "\(text): \(Self.engine.assess(text).signs)")
    }

    @Test(arguments: [
        "如果破水了怎么办", "产后出血的原因有哪些", "上周出血了，医生看过说没事，现在可以运动吗", "我闺蜜上个月产后大出血，怎么预防",
        "给学生讲课：子痫抽搐怎么处理", "去年怀孕的时候血压160/110，这次要注意什么",
    ])
    func notNowStaysRoutine(_ text: String) {
        #expect(Self.engine.assess(text).level == .routine, "\(text): \(Self.engine.assess(text).signs)")
    }

    @Test func reassuranceNeverCancelsASignHappeningNow() {
        #expect(Self.engine.assess("她说她没事，但是刚才抽了一下，叫她也不答应").level == .emergency)
        #expect(Self.engine.assess("流了好多血，应该没什么大事吧").level == .emergency)
        #expect(Self.engine.assess("如果我想死怎么办").signs == ["self_harm"])
    }

    @Test func stageDecidesWhichBleedingEntry() {
        #expect(Self.engine.read("孕30周，出血很多").assessment.signs == ["vaginal_bleeding"])
        #expect(Self.engine.read("产后第5天，出血很多").assessment.signs == ["postpartum_haemorrhage"])
        #expect(Self.engine.read("出血很多", userType: .postpartum_mother).stage == .postpartum)
        #expect(Self.engine.read("孕30周，出血很多", userType: .postpartum_mother).stage == .pregnant)
    }
}

/// The shipped normalisation tables load and are the generated size (a truncated or hand-broken
/// file would otherwise only show as missed typos).
@Suite struct NormalisationTableTests {
    @Test func everyTableLoadsWithItsEntries() throws {
        let simplified = try NormalisationTables.pairs(resource: "traditional_to_simplified")
        let cantonese = try NormalisationTables.pairs(resource: "cantonese_to_mandarin")
        let typos = try NormalisationTables.pairs(resource: "danger_word_typos")
        #expect(simplified.count > 4000)
        #expect(cantonese.count > 200)
        #expect(typos.count > 4000)
        #expect(Set(typos.map(\.1)).count > 60, "typos cover the danger words")
    }

    @Test func aMalformedLineIsNamed() {
        let error = #expect(throws: NormalisationTables.TableError.self) {
            try NormalisationTables(simplified: [("國家", "国")], substitutions: [])
        }
        if case .malformed(let why)? = error {
            #expect(why == "traditional_to_simplified: 國家 → 国 is not one character to one")
        } else {
            Issue.record("not a malformed table: \(String(describing: error))")
        }
    }
}

/// Text built from the characters the number reader and segmenter look at, in random order:
/// triage must answer for every one of them (never trap on an index) and stay fast.
@Suite struct TriageRobustnessTests {
    @Test func randomTextNeverTraps() {
        let pieces = [
            "血压", "160", "/", "110", "+", "++", ".", "5", "度", "℃", "°", "F", "孕", "周", "产后", "第", "天", "胎心", "宫缩",
            "分钟", "1小时", "卫生巾", "出血", "没有", "如果", "我", "，", "。", " ", "🩸", "ml", "空腹", "血糖", "尿蛋白", "体温",
            "一百六十", "三十八", "w", "h", "次", "比", "-", "\n", "頭痛", "佢", "唔", "BB", "台动",
        ]
        var generator = SystemRandomNumberGenerator()
        let engine = TriageEngine()
        for _ in 0..<3000 {
            let count = Int.random(in: 0...24, using: &generator)
            let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let assessment = engine.assess(text)
            #expect(assessment.level == .routine || assessment.instruction != nil, "\(text)")
        }
        #expect(engine.assess(String(repeating: "孕32周，血压160/110，头痛。", count: 300)).level == .emergency)
    }
}
