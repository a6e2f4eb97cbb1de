import Testing

@testable import Engine

/// Danger-sign triage: every sign in several phrasings, the level mapping, negations and
/// benign look-alikes (leg cramps, bleeding gums), and the instruction contract.
@Suite struct TriageTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let text: String
        let code: String
        let level: TriageLevel
        var testDescription: String { "\(text) → \(code) (\(level))" }
    }

    static let engine = TriageEngine()

    static let dangerCases: [Case] = [
        // vaginal bleeding: emergency, spotting / 见红 urgent
        Case(text: "怀孕20周，阴道出血了", code: "vaginal_bleeding", level: .emergency),
        Case(text: "下面突然流血，怎么办", code: "vaginal_bleeding", level: .emergency),
        Case(text: "孕早期出血很多", code: "vaginal_bleeding", level: .emergency),
        Case(text: "I have vaginal bleeding at 30 weeks", code: "vaginal_bleeding", level: .emergency),
        Case(text: "怀孕10周突然流了好多血", code: "vaginal_bleeding", level: .emergency),
        Case(text: "今天早上见红了", code: "vaginal_bleeding", level: .urgent),
        Case(text: "内裤上有一点褐色分泌物", code: "vaginal_bleeding", level: .urgent),
        Case(text: "擦的时候有血丝", code: "vaginal_bleeding", level: .urgent),
        // convulsions
        Case(text: "老婆突然抽搐，口吐白沫", code: "convulsions", level: .emergency),
        Case(text: "她刚才在厕所晕倒了", code: "convulsions", level: .emergency),
        Case(text: "孕妇惊厥了怎么办", code: "convulsions", level: .emergency),
        Case(text: "she had a seizure", code: "convulsions", level: .emergency),
        // severe headache or blurred vision
        Case(text: "头痛得厉害，吃了药也不管用", code: "severe_headache_blurred_vision", level: .emergency),
        Case(text: "看东西模糊，眼前有闪光", code: "severe_headache_blurred_vision", level: .emergency),
        Case(text: "孕36周突然剧烈头痛", code: "severe_headache_blurred_vision", level: .emergency),
        Case(text: "头疼得受不了", code: "severe_headache_blurred_vision", level: .emergency),
        Case(text: "眼前发黑", code: "severe_headache_blurred_vision", level: .emergency),
        Case(text: "severe headache and blurred vision", code: "severe_headache_blurred_vision", level: .emergency),
        // fever: urgent
        Case(text: "发烧38.5度，浑身没劲", code: "fever", level: .urgent),
        Case(text: "孕妇发高烧怎么办", code: "fever", level: .urgent),
        Case(text: "刚量了体温39", code: "fever", level: .urgent),
        Case(text: "昨晚开始发热", code: "fever", level: .urgent),
        Case(text: "I have a fever", code: "fever", level: .urgent),
        // severe abdominal pain
        Case(text: "肚子疼得厉害", code: "severe_abdominal_pain", level: .emergency),
        Case(text: "突然下腹剧痛", code: "severe_abdominal_pain", level: .emergency),
        Case(text: "肚子特别疼，直不起腰", code: "severe_abdominal_pain", level: .emergency),
        Case(text: "severe abdominal pain since morning", code: "severe_abdominal_pain", level: .emergency),
        // breathing difficulty
        Case(text: "突然喘不上气", code: "breathing_difficulty", level: .emergency),
        Case(text: "呼吸困难，胸口痛", code: "breathing_difficulty", level: .emergency),
        Case(text: "躺着也呼吸急促", code: "breathing_difficulty", level: .emergency),
        Case(text: "I can't breathe properly", code: "breathing_difficulty", level: .emergency),
        // reduced fetal movement: fewer → urgent, none → emergency
        Case(text: "这两天胎动减少了", code: "reduced_fetal_movement", level: .urgent),
        Case(text: "宝宝动得比平时少", code: "reduced_fetal_movement", level: .urgent),
        Case(text: "胎动少了是怎么回事", code: "reduced_fetal_movement", level: .urgent),
        Case(text: "今天一天宝宝都没怎么动", code: "reduced_fetal_movement", level: .urgent),
        Case(text: "my baby is moving less today", code: "reduced_fetal_movement", level: .urgent),
        Case(text: "baby hasn't moved all day", code: "reduced_fetal_movement", level: .emergency),
        Case(text: "一整天感觉不到胎动", code: "reduced_fetal_movement", level: .emergency),
        Case(text: "宝宝不动了", code: "reduced_fetal_movement", level: .emergency),
        Case(text: "胎动消失了", code: "reduced_fetal_movement", level: .emergency),
        // waters breaking
        Case(text: "好像破水了", code: "waters_breaking", level: .urgent),
        Case(text: "孕34周羊水破了怎么办", code: "waters_breaking", level: .emergency),
        Case(text: "阴道一直流水，控制不住", code: "waters_breaking", level: .urgent),
        Case(text: "是不是破水了？", code: "waters_breaking", level: .urgent),
        Case(text: "my water broke, it is green", code: "waters_breaking", level: .emergency),
        Case(text: "内裤湿了一大片，不知道是不是羊水", code: "waters_breaking", level: .urgent),
        Case(text: "感觉下面有水流出来，控制不住", code: "waters_breaking", level: .urgent),
        // sudden swelling: urgent
        Case(text: "脸突然肿了", code: "sudden_swelling", level: .urgent),
        Case(text: "手肿得厉害，戒指都摘不下来", code: "sudden_swelling", level: .urgent),
        Case(text: "早上起来脸浮肿", code: "sudden_swelling", level: .urgent),
        Case(text: "眼皮和脸都肿了，突然的", code: "sudden_swelling", level: .urgent),
        Case(text: "sudden swelling of my face", code: "sudden_swelling", level: .urgent),
        // postpartum heavy bleeding
        Case(text: "产后大出血", code: "postpartum_haemorrhage", level: .emergency),
        Case(text: "生完孩子出血很多", code: "postpartum_haemorrhage", level: .emergency),
        Case(text: "生完孩子第二天，一小时湿透一片卫生巾", code: "postpartum_haemorrhage", level: .emergency),
        Case(text: "恶露突然增多，还有大血块", code: "postpartum_haemorrhage", level: .emergency),
        // self-harm: emergency, never cancelled by negation
        Case(text: "我真的不想活了", code: "self_harm", level: .emergency),
        Case(text: "有时候想自杀", code: "self_harm", level: .emergency),
        Case(text: "我有伤害宝宝的念头", code: "self_harm", level: .emergency),
        Case(text: "活着没有意义", code: "self_harm", level: .emergency),
        Case(text: "I want to kill myself", code: "self_harm", level: .emergency),
    ]

    @Test(arguments: dangerCases)
    func dangerSignIsFound(_ testCase: Case) {
        let assessment = Self.engine.assess(testCase.text)
        #expect(assessment.signs.contains(testCase.code), "\(assessment.signs)")
        #expect(assessment.level == testCase.level)
        #expect(assessment.instruction?.isEmpty == false)
    }

    static let negations = [
        "没有出血", "没见红", "不发烧", "无头痛", "胎动正常", "没有破水", "没有抽搐", "也没有呼吸困难", "没有阴道流血",
        "没有任何出血", "从来没有发烧", "也没有感觉到头痛得厉害", "体温不到38度", "没有胎动减少", "不再出血了",
        "I have no bleeding", "I don't have a fever", "怎么预防产后出血", "没有很多血",
    ]

    @Test(arguments: negations)
    func negationsStayRoutine(_ text: String) {
        #expect(Self.engine.assess(text) == .routine)
    }

    static let benign = [
        "孕期可以喝咖啡吗", "腿抽筋怎么办", "半夜小腿抽筋疼醒了", "小腿抽搐是缺钙吗", "头有点晕", "刷牙时牙龈出血",
        "刷牙的时候牙龈有点出血", "流鼻血了怎么办", "叶酸吃到什么时候", "孕期能坐飞机吗", "手心发热是怎么回事",
        "孕晚期不想活动", "吃药会伤害宝宝吗", "孕16周还没有胎动正常吗", "恶露多久干净", "宝宝黄疸怎么办", "孕38周了",
        "差点晕倒", "头晕眼花", "我想死你了", "痔疮出血怎么办", "What foods should I avoid?",
        "喂奶的时候乳头特别疼，还破皮了", "手指头疼得厉害", "我最近没怎么动", "鼻子有水流出来", "孕期鼻子出血",
        "gums bleed when brushing", "产后多久来奶",
    ]

    @Test(arguments: benign)
    func benignQuestionsStayRoutine(_ text: String) {
        let assessment = Self.engine.assess(text)
        #expect(assessment.level == .routine)
        #expect(assessment.signs.isEmpty)
        #expect(assessment.instruction == nil)
    }

    @Test func emptyTextIsRoutine() {
        #expect(Self.engine.assess("") == .routine)
        #expect(Self.engine.assess("   \n") == .routine)
    }

    @Test func questionFormsStillCount() {
        #expect(Self.engine.assess("有没有出血要紧吗").signs == ["vaginal_bleeding"])
        #expect(Self.engine.assess("是否破水了").signs == ["waters_breaking"])
    }

    @Test func highestLevelWinsAndAllSignsAreListed() {
        let assessment = Self.engine.assess("孕32周破水了，而且发烧")
        #expect(assessment.level == .emergency)
        #expect(assessment.signs == ["waters_breaking", "fever"])
        let urgentOnly = Self.engine.assess("发烧了，脸也突然肿了")
        #expect(urgentOnly.level == .urgent)
        #expect(Set(urgentOnly.signs) == ["fever", "sudden_swelling"])
    }

    @Test func instructionTextMatchesLevel() throws {
        let emergency = try #require(Self.engine.assess("肚子疼得厉害").instruction)
        #expect(emergency.contains("120"))
        #expect(emergency.contains("立即"))
        let urgent = try #require(Self.engine.assess("发烧38度").instruction)
        #expect(urgent.contains("今天之内"))
        #expect(!urgent.hasPrefix("【紧急】"))
    }

    @Test func selfHarmInstructionGivesCrisisLines() throws {
        let instruction = try #require(Self.engine.assess("我不想自杀，但是活着没意思").instruction)
        #expect(instruction.contains("400-161-9995"))
        #expect(instruction.contains("010-82951332"))
        #expect(instruction.contains("120"))
    }

    @Test func rulesAreWellFormed() {
        #expect(TriageEngine.scanner.conflicts.isEmpty, "\(TriageEngine.scanner.conflicts)")
        #expect(Concept.allCases.count <= 128, "concepts must fit a ConceptSet")
        let codes = DangerRules.all.map(\.code)
        #expect(Set(codes).count == codes.count)
    }

    @Test func fullWidthAndMixedCaseAreNormalised() {
        #expect(Self.engine.assess("MY WATER BROKE").signs == ["waters_breaking"])
        #expect(Self.engine.assess("体温３８．５度").signs == ["fever"])
    }
}
