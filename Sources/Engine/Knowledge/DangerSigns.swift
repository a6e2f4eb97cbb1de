/// One way of saying a danger sign. A phrase may carry its own level when it differs from
/// the sign's (spotting or 见红 is urgent; heavy bleeding is an emergency).
struct DangerPhrase: Sendable {
    let text: String
    let level: TriageLevel?
    /// The phrase does not count when immediately followed by one of these
    /// ("出血多少天" is a question about amounts, not heavy bleeding; "想死你了" is affection).
    let notFollowedBy: [String]
    /// The phrase does not count after one of these (fillers skipped), e.g. 还没有胎动 early in pregnancy.
    let notAfter: [String]
    /// When not empty, the phrase counts only if one of these appears earlier in the same clause:
    /// "没怎么动" is about the baby only after 宝宝/胎儿.
    let needsBefore: [String]
}

/// A danger sign with its stable code (on the wire in `triage.signs`), its level, its phrasings,
/// and the contexts that make a phrasing benign (牙龈出血, 小腿抽搐, 手心发热).
struct DangerSign: Sendable {
    let code: String
    let level: TriageLevel
    let phrases: [DangerPhrase]
    /// A phrase after one of these (fillers such as 有点/经常/的时候 skipped) is about something else.
    let excludedAfter: [String]
    /// Whether 没有/不/无… before a phrase cancels it. Self-harm is never cancelled: any mention of it
    /// gets the crisis line, because "我不想自杀，只是…" still deserves one.
    let negatable: Bool
    /// A sign-specific line appended to the seek-care instruction.
    let advice: String?
}

/// The project's danger-sign rules (WHO/NICE danger signs in pregnancy and after birth).
///
/// Level mapping (the highest level found wins):
/// - emergency: `convulsions`, `vaginal_bleeding` (unless only spotting/见红 → urgent),
///   `postpartum_haemorrhage` (bare "产后出血" without an amount → urgent),
///   `severe_headache_blurred_vision`, `breathing_difficulty`, `severe_abdominal_pain`,
///   `waters_breaking`, `self_harm`, `reduced_fetal_movement` when movements have stopped.
/// - urgent: `fever`, `sudden_swelling`, `reduced_fetal_movement` when movements are fewer.
enum DangerSigns {
    static let all: [DangerSign] = [
        selfHarm, convulsions, vaginalBleeding, postpartumHaemorrhage, severeHeadacheBlurredVision,
        breathingDifficulty, severeAbdominalPain, watersBreaking, reducedFetalMovement, fever, suddenSwelling,
    ]

    static let selfHarmCode = "self_harm"
    static let feverCode = "fever"

    // MARK: - Signs

    static let selfHarm = DangerSign(
        code: selfHarmCode, level: .emergency,
        phrases: phrases(
            [
                "不想活", "活着没意思", "活着没有意思", "活着没意义", "活着没有意义", "活不下去", "想死", "想去死",
                "自杀", "轻生", "寻死", "结束生命", "结束自己的生命", "了结自己", "一了百了", "自残", "自伤", "割腕",
                "跳楼", "跳河", "伤害自己的念头", "伤害自己的想法", "伤害自己的冲动", "想伤害自己", "想伤害我自己",
                "伤害宝宝的念头", "伤害宝宝的想法", "伤害孩子的念头", "伤害孩子的想法", "想伤害宝宝", "想伤害孩子",
                "想伤害婴儿", "自己会伤害宝宝", "自己会伤害孩子", "想掐死", "掐死宝宝", "掐死孩子", "想把宝宝扔",
                "想把孩子扔", "想摔宝宝", "想摔孩子", "带着孩子一起死", "和孩子一起死", "带着宝宝一起死",
                "kill myself", "suicide", "suicidal", "end my life", "want to die", "hurt myself", "harm myself",
                "hurt my baby", "harm my baby", "self harm", "self-harm",
            ],
            notFollowedBy: ["你", "您", "价", "人了", "动", "泼", "跃"]),
        excludedAfter: [],
        negatable: false,
        advice: "如果你有伤害自己或宝宝的想法，这不是你的错，也可以得到帮助：请现在就告诉身边的家人，不要独处；可拨打全国心理援助热线 400-161-9995 或北京心理危机研究与干预中心热线 010-82951332（24小时），有立即危险时请拨打120或110。"
    )

    static let convulsions = DangerSign(
        code: "convulsions", level: .emergency,
        phrases: phrases([
            "抽搐", "惊厥", "抽风", "癫痫发作", "羊癫疯发作", "发羊癫疯", "昏厥", "晕厥", "晕倒", "昏倒", "晕过去", "昏过去",
            "昏迷", "失去意识", "失去知觉", "意识不清", "不省人事", "口吐白沫", "全身抽动", "四肢抽动",
            "seizure", "convulsion", "fainted", "passed out", "unconscious",
        ]),
        excludedAfter: ["腿", "脚", "趾", "眼皮", "肌肉", "胃", "肚子", "手指", "嘴角", "眼角", "差", "差点", "快要", "好像要"],
        negatable: true,
        advice: "如果她正在抽搐：让她侧躺，移开周围的危险物品，不要往她嘴里塞任何东西，也不要强行按住她，记下抽搐的时间，等待急救。"
    )

    static let vaginalBleeding = DangerSign(
        code: "vaginal_bleeding", level: .emergency,
        phrases: phrases([
            "阴道出血", "阴道流血", "下面出血", "下面流血", "下体出血", "下体流血", "出血", "流血", "大出血",
            "大量出血", "出血很多", "出血多", "流血很多", "血流不止", "流血不止", "出血不止", "好多血", "很多血",
            "不少血", "大量的血", "一大摊血", "流了血", "出了血", "vaginal bleeding", "heavy bleeding", "bleeding",
            "bleed",
        ])
            + phrases(
                [
                    "见红", "少量出血", "有点出血", "一点出血", "一点点出血", "点滴出血", "有点流血", "一点点血", "血丝",
                    "褐色分泌物", "咖啡色分泌物", "粉色分泌物", "内裤上有血", "擦的时候有血", "spotting",
                ], level: .urgent),
        excludedAfter: [
            "牙龈", "牙", "鼻", "鼻子", "痔疮", "肛门", "肛", "大便", "便", "便后", "乳头", "奶头", "伤口", "刀口",
            "眼", "眼睛", "眼底", "皮下", "胃", "痰", "鼻涕", "尿", "口腔", "嘴", "嘴唇", "手", "手指", "脚", "gum", "gums", "nose",
        ],
        negatable: true,
        advice: "请记下出血开始的时间和大概的量（用了几片卫生巾），不要往阴道里放任何东西。"
    )

    static let postpartumHaemorrhage = DangerSign(
        code: "postpartum_haemorrhage", level: .emergency,
        phrases: phrases(
            combine(
                ["生完孩子", "生完宝宝", "生完", "产后", "剖腹产后", "剖宫产后", "顺产后", "分娩后"],
                ["出血很多", "流血很多", "出血特别多", "流血特别多", "大出血", "出血不止", "流血不止", "出血越来越多",
                 "流血越来越多", "血越来越多"])
                + [
                    "产后血崩", "恶露突然增多", "恶露突然变多", "恶露增多", "恶露变多", "恶露很多", "恶露特别多",
                    "恶露量很多", "恶露量突然增多", "恶露突然", "湿透卫生巾", "湿透一片卫生巾", "湿透一个卫生巾",
                    "湿透了卫生巾", "卫生巾湿透", "一小时湿透", "一个小时湿透", "一小时就湿透", "大血块", "血块很大",
                    "鸡蛋大的血块", "鸡蛋大小的血块", "soaking a pad", "soaked a pad", "soaking through a pad",
                    "postpartum hemorrhage", "postpartum haemorrhage", "heavy bleeding after birth",
                ])
            + phrases(["产后出血", "产后流血", "生完孩子出血", "生完孩子流血"], level: .urgent),
        excludedAfter: ["痔疮", "肛门", "伤口", "刀口", "牙龈"],
        negatable: true,
        advice: "请让她躺下休息，记下出血量和时间（湿透了几片卫生巾、有没有大血块），尽快送医，途中注意她是否头晕、脸色发白。"
    )

    static let severeHeadacheBlurredVision = DangerSign(
        code: "severe_headache_blurred_vision", level: .emergency,
        phrases: phrases(
            combine(
                ["头", "脑袋", "头部"], ["痛", "疼"],
                ["得厉害", "得很厉害", "得受不了", "得不行", "得要命", "得要裂开", "欲裂", "死了", "得睁不开眼", "难忍", "剧烈"])
                + combine(["头"], ["很", "特别", "非常", "剧烈", "巨", "超级", "极其"], ["痛", "疼"])
                + combine(["剧烈", "严重", "强烈", "持续"], ["头痛", "头疼"])
                + ["头剧痛", "头痛不缓解", "头疼不缓解", "头痛吃药也不好"]
                + [
                    "视物模糊", "视力模糊", "视线模糊", "视物不清", "看东西模糊", "看东西不清楚", "看东西看不清", "看东西有重影",
                    "看不清东西", "眼睛看不清", "眼睛模糊", "突然看不清", "眼前发黑", "眼前有闪光", "眼前闪光", "眼冒金星",
                    "眼前冒金星", "blurred vision", "blurry vision", "severe headache", "worst headache",
                ]),
        excludedAfter: ["乳", "奶", "指", "骨", "码", "舌", "线", "镜", "龟"],  // 乳头特别疼 is not a headache
        negatable: true,
        advice: nil
    )

    static let breathingDifficulty = DangerSign(
        code: "breathing_difficulty", level: .emergency,
        phrases: phrases([
            "呼吸困难", "喘不上气", "喘不过气", "喘不过来", "上不来气", "透不过气", "呼吸急促", "呼吸很急", "呼吸费力",
            "喘得厉害", "喘得很厉害", "嘴唇发紫", "嘴唇发青", "憋得喘不过气", "can't breathe", "cannot breathe",
            "short of breath", "shortness of breath", "difficulty breathing", "trouble breathing",
        ]),
        excludedAfter: [],
        negatable: true,
        advice: "让她坐直、松开紧身衣物、保持空气流通，等待急救时不要让她独自一人。"
    )

    static let severeAbdominalPain = DangerSign(
        code: "severe_abdominal_pain", level: .emergency,
        phrases: phrases(
            combine(
                ["肚子", "腹部", "小腹", "下腹", "下腹部", "上腹", "上腹部", "胃", "肚"], ["疼", "痛"],
                ["得厉害", "得很厉害", "得受不了", "得不行", "得要命", "得直不起腰", "得打滚", "死了", "难忍", "剧烈"])
                + combine(["肚子", "腹部", "小腹", "下腹", "上腹", "胃"], ["很", "特别", "非常", "剧烈", "巨", "超级", "极其"], ["疼", "痛"])
                + combine(["肚子", "腹部", "小腹", "下腹", "上腹"], ["剧痛", "绞痛"])
                + combine(["剧烈", "严重", "强烈", "持续"], ["腹痛", "肚子疼", "肚子痛", "下腹痛", "上腹痛", "腹部疼痛"])
                + ["腹痛难忍", "疼得直不起腰", "疼得在地上打滚", "severe abdominal pain", "severe stomach pain", "severe belly pain"]),
        excludedAfter: [],
        negatable: true,
        advice: nil
    )

    static let watersBreaking = DangerSign(
        code: "waters_breaking", level: .emergency,
        phrases: phrases([
            "破水", "羊水破了", "羊水破", "胎膜破裂", "胎膜早破", "阴道流水", "阴道流液", "下面流水", "下面一直流水",
            "流出清水", "漏羊水", "羊水流出", "流羊水", "一股水", "一股液体", "一直流水", "有水流出", "水流出来",
            "是不是羊水", "是羊水吗", "会不会是羊水", "还是羊水", "内裤湿了一大片", "water broke", "waters broke",
            "water has broken", "waters have broken", "waters breaking", "water breaking", "leaking fluid",
        ]),
        excludedAfter: ["鼻子", "鼻", "眼睛", "眼", "口", "嘴"],
        negatable: true,
        advice: "请记下破水的时间和羊水的颜色，垫上干净的卫生巾，不要盆浴；如果羊水发绿，或感觉有东西从阴道脱出，请躺下并立即拨打120。"
    )

    static let reducedFetalMovement = DangerSign(
        code: "reduced_fetal_movement", level: .urgent,
        phrases: phrases([
            "胎动减少", "胎动少了", "胎动变少", "胎动明显减少", "胎动比平时少", "胎动比以前少", "胎动没有以前多", "胎动不如以前",
            "胎动变弱", "胎动很少", "胎动少", "宝宝动得少", "宝宝动得少了", "动得比平时少", "宝宝不怎么动", "孩子不怎么动",
            "reduced fetal movement", "decreased fetal movement", "baby moving less", "fewer movements",
        ])
            + phrases(
                ["没怎么动", "不太动", "很少动", "动得很少", "不爱动了", "动得少", "moving less", "not moving as much", "fewer kicks"],
                needsBefore: babySubjects)
            + phrases(
                [
                    "感觉不到胎动", "没有胎动", "没胎动", "没感觉到胎动", "胎动消失", "胎动停止", "胎动没了", "宝宝不动了",
                    "孩子不动了", "胎儿不动了", "宝宝一直不动", "宝宝好久没动", "宝宝半天没动", "宝宝很久没动",
                    "no fetal movement", "baby not moving", "baby is not moving", "baby stopped moving",
                    "baby hasn't moved", "baby has not moved", "baby hasnt moved",
                ],
                level: .emergency, notFollowedBy: ["减少", "少", "异常", "变少", "消失", "停止"], notAfter: ["还"]),
        excludedAfter: [],
        negatable: true,
        advice: "胎动减少不要等到第二天，也不要只靠家用胎心仪自己判断，请现在就联系产科或去医院做胎心监护。"
    )

    static let fever = DangerSign(
        code: feverCode, level: .urgent,
        phrases: phrases([
            "发烧", "发热", "高烧", "高热", "低烧", "低热", "烧到", "寒战", "打寒战", "体温升高", "体温高", "fever",
            "high temperature",
        ]),
        excludedAfter: ["手心", "脚心", "手脚心", "五心", "脸", "脸上", "脸颊", "耳朵", "乳房", "伤口"],
        negatable: true,
        advice: "可以先多喝水、适当减少衣物，退烧药请选对乙酰氨基酚并按说明用量，不要自行服用布洛芬、阿司匹林或复方感冒药。"
    )

    static let suddenSwelling = DangerSign(
        code: "sudden_swelling", level: .urgent,
        phrases: phrases(
            combine(
                ["脸", "脸部", "面部", "眼皮", "眼睑", "手", "手指", "手部"],
                ["突然肿", "突然浮肿", "突然水肿", "肿得厉害", "肿得很厉害", "一下子肿", "突然肿起来"])
                + combine(["突然"], ["脸肿", "手肿", "浮肿", "水肿", "肿起来", "肿了"])
                + combine(["脸", "眼皮", "眼睑", "面部"], ["都肿", "也肿", "肿了", "肿起来"])
                + ["戒指摘不下来", "戒指都摘不下来", "戒指戴不上", "戒指都戴不上"]
                + [
                    "脸肿", "脸浮肿", "面部浮肿", "面部水肿", "脸部浮肿", "眼睑浮肿", "全身水肿", "全身浮肿", "全身都肿",
                    "脸和手都肿", "手和脸都肿", "face swelling", "swollen face", "sudden swelling", "puffy face",
                ]),
        excludedAfter: [],
        negatable: true,
        advice: "请尽快测量血压；如果同时有剧烈头痛、看东西模糊或上腹痛，请立即拨打120。"
    )

    // MARK: - Builders

    /// Wraps phrasings; phrases ending in 多 ignore the question forms 多少/多久 ("出血多少天").
    private static func phrases(
        _ texts: [String], level: TriageLevel? = nil, notFollowedBy: [String] = [], notAfter: [String] = [],
        needsBefore: [String] = []
    ) -> [DangerPhrase] {
        texts.map { text in
            let amounts = text.hasSuffix("多") ? ["少", "久", "天", "周"] : []
            return DangerPhrase(
                text: text, level: level, notFollowedBy: notFollowedBy + amounts, notAfter: notAfter,
                needsBefore: needsBefore)
        }
    }

    /// Words that make "it" the baby in pregnancy: 宝宝没怎么动, 胎儿不太动.
    private static let babySubjects = ["宝宝", "胎儿", "孩子", "胎动", "肚子里", "baby"]

    /// Every concatenation of one part from each list, in order ("头" × "痛" × "得厉害" …).
    private static func combine(_ lists: [String]...) -> [String] {
        lists.reduce([""]) { prefixes, parts in prefixes.flatMap { prefix in parts.map { prefix + $0 } } }
    }
}
