/// The symptom phrasings triage looks for, grouped by concept, from the WHO, ACOG/AIM and NICE
/// danger-sign lists. Chinese first, with the everyday words people use (下面流血, 头痛得要裂开)
/// and English; Cantonese, traditional characters and same-sound typos reach these phrases
/// through `TriageText`'s tables rather than being listed here.
enum TriageLexicon {
    static let all: [TermGroup] =
        bleeding + brain + pain + breathing + labour + infection + pregnancyConditions + mind
        + BodyLexicon.all + ScopeLexicon.all

    private static let benignBleedingSites = [
        "牙龈", "牙肉", "牙", "刷牙", "鼻", "鼻子", "痔疮", "肛门", "肛", "大便", "便", "便后", "乳头", "奶头", "眼", "眼睛", "眼底", "皮下",
        "胃", "痰", "鼻涕", "尿", "口腔", "嘴", "嘴唇", "手", "手指", "脚", "抽血", "针眼", "gum", "gums", "nose", "nipple",
        "nipples",
    ]

    // MARK: - Bleeding

    static let bleeding: [TermGroup] = [
        TermGroup(
            concept: .bleeding,
            texts: [
                "下面出学", "出学了", "red blood", "bright red",
                "出血", "流血", "见血", "淌血", "阴道出血", "阴道流血", "下面出血", "下面流血", "下体出血", "下体流血", "流了血",
                "出了血", "有血流出来", "血流出来", "都是血", "全是血", "一直在流血", "内裤上全是血", "bleeding", "bleed",
                "bled", "vaginal bleeding",
            ],
            notFollowedBy: ["压", "糖", "常规", "小板", "型", "管", "清", "检", "红蛋白", " pressure", " sugar", " test"],
            notAfter: benignBleedingSites),
        TermGroup(
            concept: .heavyBleeding,
            texts: [
                "比大姨妈", "比月经", "比例假", "沿着大腿", "沿住大髀", "大髀流", "blood everywhere", "顺着腿往下", "顺着腿", "往下淌", "血往下淌",
                "gushed", "running down my legs", "blood gushed", "血一直往外流", "血还一直往外流", "血往外流", "血一直流", "血一直在流", "床单湿了",
                "床单都湿", "湿了1大片", "血哗哗",
                "大出血", "大量出血", "大血块", "很大的血块", "好大的血块", "large clot", "big clot", "huge clot", "出血很多", "出血好多", "出血特别多",
                "出血多", "出血量很大", "出血量大", "流血很多", "流血好多",
                "流了好多血", "流了很多血", "出了好多血", "出了很多血", "好多血", "很多血", "不少血", "大量的血", "一大摊血", "一摊血",
                "血流不止", "流血不止", "出血不止", "血止不住", "止不住地流", "顺着腿流", "流到腿上", "顺着大腿", "比月经多", "比月经还多",
                "比例假多", "比例假还多", "比大姨妈多", "比来月经还多", "像来月经一样多", "哗哗地流", "哗哗流", "往外涌", "一股一股的血",
                "越流越多", "出血越来越多", "血越来越多", "湿透", "浸透", "血崩", "heavy bleeding", "bleeding heavily",
                "bleeding a lot", "lots of blood", "so much blood", "a lot of blood", "soaked", "soaking", "gushing",
                "pouring out", "running down my leg", "heavier than a period",
            ],
            notFollowedBy: ["少", "久", "天", "周", "吗"],
            notAfter: benignBleedingSites + ["汗", "衣服", "被子", "床单", "尿不湿", "纸尿裤", "奶", "溢奶", "乳垫"]),
        TermGroup(
            concept: .spotting,
            texts: [
                "见洪", "粉色", "擦纸有点", "擦纸有", "褐色的血", "咖啡色的血", "啡色血", "啡色的血", "少少血", "粉红色", "纸上有1点", "纸上有点", "pinkish",
                "见红", "少量出血", "有点出血", "一点出血", "一点点出血", "点滴出血", "有点流血", "一点点血", "一点血", "几滴血", "血丝",
                "血迹", "褐色分泌物", "咖啡色分泌物", "粉色分泌物", "粉红色分泌物", "褐色的分泌物", "咖啡色的分泌物", "内裤上有血",
                "擦的时候有血", "纸上有血", "spotting", "spotted", "pink discharge", "brown discharge", "streaks of blood",
            ],
            notAfter: benignBleedingSites),
        TermGroup(concept: .clot, texts: ["血块", "血团", "血凝块", "clot", "clots"], notAfter: ["痰", "鼻"]),
        TermGroup(
            concept: .largeSize,
            texts: [
                "鸡蛋大", "鸡蛋那么大", "拳头大", "拳头那么大", "乒乓球", "核桃大", "高尔夫球", "硬币大", "硬币那么大", "比硬币大",
                "一大块", "巴掌大", "掌心大", "golf ball", "egg-sized", "egg sized", "size of an egg",
                "plum", "lemon", "fist",
            ]),
        TermGroup(
            concept: .pads,
            texts: ["卫生巾", "护垫", "产妇巾", "产褥垫", "安心裤", "夜用", "pad", "pads", "sanitary"],
            notFollowedBy: ["量"]),
        TermGroup(
            concept: .withinAnHour,
            texts: [
                "1小时", "1个小时", "半小时", "半个小时", "每小时", "1个钟", "每个钟", "不到1小时", "40分钟", "20分钟", "30分钟",
                "an hour", "every hour", "per hour", "half an hour", "hourly", "1 hour", "within the hour",
            ]),
        TermGroup(
            concept: .lochiaIncrease,
            texts: [
                "多起来", "血突然多了", "血多了", "突然多了", "又多起来", "多起来了", "变红了", "颜色变红", "恶露又多",
                "恶露突然增多", "恶露突然变多", "恶露增多", "恶露变多", "恶露又变多", "恶露很多", "恶露特别多", "恶露量很多", "恶露又红了",
                "恶露又变红", "恶露变红", "又变成鲜红", "又变鲜红", "又开始流鲜红", "又出鲜红", "鲜红色又", "又流鲜血", "突然又出血",
                "又开始出血", "血又多了", "lochia getting heavier", "bright red again", "bleeding got heavier",
            ],
            alsoMeans: [.postpartumCue]),
    ]

    // MARK: - Fits, consciousness, the brain

    static let brain: [TermGroup] = [
        TermGroup(
            concept: .convulsion,
            texts: [
                "成个人震", "全身震", "整个人抖", "整个人震", "浑身震", "突然抽出", "抽出了,", "眼睛往上翻", "往上翻", "手脚抖", "全身抖", "抽了1下", "抽了几下",
                "僵住", "全身僵硬", "身体僵硬", "白泡", "吐白沫", "发羊吊", "羊吊",
                "抽搐", "惊厥", "抽风", "抽过去", "抽起来了", "癫痫发作", "羊癫疯", "羊角风", "口吐白沫", "翻白眼", "全身抽动", "四肢抽动",
                "浑身抽", "全身抽", "身体抽", "一直抽", "牙关紧闭", "seizure", "seizing", "convulsion", "convulsing", "had a fit",
                "having a fit", "fitting",
            ],
            notAfter: ["腿", "脚", "趾", "眼皮", "肌肉", "胃", "肚子", "手指", "嘴角", "眼角", "小腿", "宝宝", "宝宝的", "孩子"]),
        TermGroup(
            concept: .unconscious,
            texts: [
                "都不醒", "叫极", "叫她也不答应", "叫她不答应", "不答应", "都不应", "也不应", "叫她也不应", "叫她都不应",
                "昏厥", "晕厥", "晕倒", "昏倒", "晕过去", "昏过去", "昏迷", "失去意识", "失去知觉", "意识不清", "不省人事", "人事不省",
                "叫不醒", "喊不醒", "叫不应", "叫她没反应", "喊她没反应", "拍她没反应", "推她没反应", "叫她不应", "倒在地上", "晕了过去", "fainted",
                "passed out",
                "unconscious", "unresponsive", "collapsed", "blacked out", "can't wake", "cannot wake", "won't wake",
            ],
            notAfter: ["差", "差点", "快要", "好像要", "快", "要", "宝宝", "孩子"]),
        TermGroup(
            concept: .dizzy,
            texts: [
                "站都站不稳", "头好晕", "眼前1黑", "so pale", "very pale", "pale",
                "头晕", "头昏", "差点晕倒", "快晕倒", "要晕倒", "心慌", "脸色苍白", "脸色发白", "出冷汗", "冒冷汗",
                "dizzy", "lightheaded", "light-headed", "nearly fainted",
            ]),
        TermGroup(
            concept: .confusion,
            texts: [
                "颠三倒四", "糊涂了", "突然糊涂", "反应慢", "反应有点慢", "反应很慢",
                "神志不清", "意识模糊", "说胡话", "胡言乱语", "认不出人", "认不出我", "糊里糊涂", "反应迟钝", "答非所问",
                "不认识人", "叫她名字没反应", "confused", "disoriented", "not making sense", "doesn't know where she is",
            ]),
        TermGroup(
            concept: .strokeSign,
            texts: [
                "半边面", "拎不稳", "讲东西都不", "说话都不太清楚", "讲话都不清楚", "嘴角歪", "从1边漏出来", "说话说不出来", "说不出来", "词出不来", "想说的词", "嘴巴歪",
                "嘴巴有点歪", "耷拉", "脸往下", "讲不清楚", "讲话讲不清", "说话说不清", "含糊不清", "slurred", "slur", "droop", "拿不住东西", "杯子掉",
                "说话也有点含糊", "说话有点含糊", "讲话不清", "右手抬不起来", "左手抬不起来",
                "半边身子", "半边身体", "一边身子", "一侧肢体", "一侧无力", "一边没力", "一边没劲", "半边没力", "半边麻", "半边脸",
                "嘴歪", "口角歪", "口眼歪斜", "脸歪", "口齿不清", "说话不清", "说话含糊", "说话大舌头", "舌头不听使唤", "说不出话",
                "突然说不出话", "偏瘫", "一只手抬不起来", "一只手没力", "胳膊抬不起来", "一条腿没力", "face drooping", "facial droop",
                "slurred speech", "slurring", "one side weak", "weakness on one side", "numb on one side",
                "can't lift my arm",
                "can't lift her arm",
            ]),
    ]

    // MARK: - Pain and severity

    private static let headSites = ["头", "脑袋", "头部", "脑壳", "后脑勺", "太阳穴", "额头", "后脑"]
    private static let bellySites = ["肚子", "腹部", "小腹", "下腹", "下腹部", "肚", "子宫", "小肚子"]
    private static let intensifiers = ["很", "特别", "非常", "剧烈", "巨", "超级", "极其", "好", "太", "超"]

    static let pain: [TermGroup] = [
        TermGroup(
            concept: .headache,
            texts: TermGroup.combine(headSites, ["痛", "疼"]) + TermGroup.combine(["头", "脑袋"], ["胀痛", "胀疼", "爆炸"])
                + [
                    "偏头痛", "头痛欲裂", "headache", "head hurts", "head is pounding", "head pain", "migraine",
                    "head is killing me",
                ],
            notAfter: ["乳", "奶", "指", "骨", "码", "舌", "线", "镜", "龟", "宝宝", "孩子"]),
        TermGroup(
            concept: .headache,
            texts: TermGroup.combine(["头", "脑袋"], intensifiers, ["痛", "疼"])
                + [
                    "头剧痛", "头要裂开", "头快裂开", "头像要裂开", "头要炸", "头快炸", "头像要炸", "头炸裂", "头像炸开",
                    "头痛到爆", "头疼到爆", "severe headache", "worst headache", "splitting headache",
                ],
            alsoMeans: [.severe],
            notAfter: ["乳", "奶", "指", "骨", "码", "舌", "线", "镜", "龟", "宝宝", "孩子"]),
        TermGroup(
            concept: .visionChange,
            texts: [
                "sparkly", "sparkles", "sparkling", "zigzag", "有闪光", "闪光", "看东西有闪光",
                "眼前发黑", "视物模糊", "视力模糊", "视线模糊", "视物不清", "看东西模糊", "看东西不清楚", "看东西看不清", "看东西有重影", "看不清东西",
                "眼睛看不清", "眼睛模糊", "突然看不清", "眼前模糊", "眼前有闪光", "眼前闪光", "眼冒金星", "眼前冒金星", "眼前有黑点",
                "眼前有黑影", "眼前有星星", "眼前一闪一闪", "重影", "视力下降", "突然看不见", "看东西花", "看东西发花", "眼前有亮点",
                "blurred vision", "blurry vision", "vision is blurry", "seeing spots", "flashing lights",
                "double vision",
                "seeing stars", "spots in my vision",
            ]),
        TermGroup(
            concept: .epigastricPain,
            texts: [
                "上腹痛", "上腹疼", "上腹部痛", "上腹部疼", "右上腹", "心窝痛", "心窝疼", "胃那里痛", "胃那里疼", "肋骨下面痛", "肋骨下面疼",
                "肋骨下疼", "肋下痛", "右边肋骨", "pain under my ribs", "pain under the ribs", "upper belly pain",
                "upper abdominal pain",
            ]),
        TermGroup(
            concept: .abdominalPain,
            texts: TermGroup.combine(bellySites, ["痛", "疼", "绞痛", "坠痛", "胀痛"]) + [
                "腹痛", "肚子抽痛", "肚痛", "stomach pain", "abdominal pain", "belly pain", "tummy pain", "stomach hurts",
                "belly hurts", "tummy hurts", "cramping", "cramps",
            ],
            notAfter: ["宝宝", "孩子", "宝宝的"]),
        TermGroup(
            concept: .abdominalPain,
            texts: TermGroup.combine(["肚子", "腹部", "小腹", "下腹", "肚"], intensifiers, ["痛", "疼"])
                + TermGroup.combine(["肚子", "腹部", "小腹", "下腹"], ["剧痛", "痛得", "疼得"])
                + [
                    "腹部剧痛", "剧烈腹痛", "腹痛难忍", "severe abdominal pain", "severe stomach pain", "severe belly pain",
                    "severe cramping",
                ],
            alsoMeans: [.severe],
            notAfter: ["宝宝", "孩子", "宝宝的"]),
        TermGroup(
            concept: .boardHardBelly,
            texts: [
                "像木板",
                "硬得像木板", "像木板一样硬", "板一样硬", "肚子一直很硬", "肚子一直硬",
                "肚子硬得", "hard as a board", "rock hard",
            ]),
        TermGroup(concept: .hardAsStone, texts: ["硬得像石头", "像石头1样硬", "硬到好似石头", "好似石头", "像石头", "硬到像石头", "硬邦邦"]),
        TermGroup(
            concept: .oneSided,
            texts: [
                "一侧", "一边", "半边", "左边", "右边", "左侧", "右侧", "单侧", "右手", "左手", "one side", "left side", "right side",
            ]),
        TermGroup(concept: .oneSided, texts: ["左下腹", "右下腹", "lower left", "lower right"], alsoMeans: [.bellySite]),
        TermGroup(
            concept: .shoulderTipPain,
            texts: [
                "肩膀痛", "肩膀疼", "肩尖痛", "肩尖疼", "肩膀尖", "肩膀也痛", "肩膀也疼", "shoulder tip", "shoulder pain", "shoulder hurts",
            ]),
        TermGroup(
            concept: .severe,
            texts: [
                "isn't touching", "not touching it", "isn't helping", "起不来", "满头大汗", "蹲在地上", "getting worse",
                "bent double", "can't stand up", "constant", "不停", "弯着腰", "走不了", "doubled over", "won't stop",
                "厉害", "剧烈", "受不了", "要命", "裂开", "炸裂", "炸开", "爆炸", "要炸", "快炸", "欲裂", "撕裂", "刀割", "从来没这么", "从没这么",
                "从来没有这么", "从没有这么", "从来没有过这么", "最疼的", "最痛的", "不管用", "没用", "没有用", "不见好", "不缓解", "缓解不了", "没缓解", "没有缓解",
                "不能缓解", "止不住", "直不起腰", "打滚",
                "睁不开眼", "越来越厉害", "越来越重", "难以忍受", "忍不了",
                "钻心", "像被锤", "到爆", "撕心裂肺", "站不起来", "worst", "severe", "splitting", "unbearable", "terrible",
                "really bad", "so bad", "won't go away", "doesn't go away", "not going away",
                "didn't help", "not helping", "never had", "10/10",
            ]),
        TermGroup(
            concept: .sudden,
            texts: ["突然", "一下子", "猛地", "忽然", "突发", "suddenly", "sudden", "out of nowhere", "all of a sudden"]),
    ]

    // MARK: - Breathing, chest, vessels

    static let breathing: [TermGroup] = [
        TermGroup(
            concept: .breathless,
            texts: [
                "breathing so fast", "breathing fast", "breathing very fast", "喘气特别费劲", "喘气费劲", "呼吸费劲", "说几句话就", "说话都喘",
                "停下来喘", "憋醒", "喘得上气", "喘不上来",
                "呼吸困难", "喘不上气", "喘不过气", "喘不过来", "上不来气", "透不过气", "呼吸急促", "呼吸很急", "呼吸费力", "喘得厉害",
                "喘得很厉害", "憋得喘不过气", "憋气", "憋得慌", "气都喘不上", "吸不上气", "吸不进气", "喘气很急", "大口喘气",
                "躺下就喘", "躺不下", "can't breathe", "cannot breathe", "can't catch my breath", "short of breath",
                "shortness of breath", "difficulty breathing", "trouble breathing", "struggling to breathe",
                "breathless",
                "gasping",
            ],
            notFollowedBy: [
                " going up", " climbing", " walking up", " on the stairs", " after climbing", " when i walk",
            ],
            notAfter: ["爬楼", "上楼", "楼梯", "运动", "运动后", "走快", "走路快", "爬山", "stairs"]),
        TermGroup(
            concept: .chestPain,
            texts: [
                "心口压着疼", "心口压", "胸口压", "疼到左边胳膊", "痛到左边胳膊", "疼到胳膊", "放射到",
                "胸痛", "胸口痛", "胸口疼", "胸疼", "胸部疼", "胸部痛", "胸口像压着", "胸口压着", "胸口像被压", "胸口闷痛", "心口疼",
                "心口痛", "chest pain", "chest hurts", "pain in my chest", "chest tightness", "tight chest",
            ]),
        TermGroup(
            concept: .coughingBlood,
            texts: ["咳血", "咯血", "痰里有血", "痰中带血", "咳出血", "coughing blood", "coughing up blood", "coughed up blood"]),
        TermGroup(
            concept: .cyanosis,
            texts: [
                "lips look blue", "lips blue", "look blue",
                "嘴唇发紫", "嘴唇发青", "嘴唇紫", "嘴唇青紫", "手指发紫", "手指发青", "指甲发紫", "指甲发青", "脸发紫", "脸色发紫",
                "脸色发青", "发绀", "blue lips", "lips are blue", "lips turning blue", "blue fingers", "fingers are blue",
                "fingers turning blue",
            ]),
        TermGroup(
            concept: .legSwellingOneSide,
            texts: TermGroup.combine(
                [
                    "一条腿", "一只腿", "一边腿", "一侧腿", "一侧小腿", "一边小腿", "左腿", "右腿", "左小腿", "右小腿", "左边小腿", "右边小腿",
                    "左边的腿", "右边的腿", "左边腿", "右边腿",
                ],
                [
                    "肿", "又肿", "红肿", "很肿", "特别肿", "肿得", "疼", "痛", "发红", "发热", "发硬", "又红又肿", "比另一条粗", "比右腿粗",
                    "比左腿粗", "粗了",
                ])
                + [
                    "one leg is swollen", "one leg swollen", "swollen calf", "calf is swollen", "calf pain",
                    "pain in my calf",
                    "leg is red and swollen", "left leg is swollen", "right leg is swollen",
                ],
            notAfter: ["抽筋"]),
    ]

    // MARK: - Labour and the baby

    private static let babySubjects = ["宝宝", "胎儿", "孩子", "胎动", "肚子里", "娃", "崽", "baby", "bb", "kick count", "kicks"]

    static let labour: [TermGroup] = [
        TermGroup(
            concept: .contractions,
            texts: [
                "宫缩", "发紧", "发硬", "一阵一阵", "一阵阵", "阵痛", "紧缩", "收缩", "contractions", "contraction", "tightening",
                "tightenings",
            ]),
        TermGroup(
            concept: .regular,
            texts: [
                "1小时好几次", "好几次", "躺着也不停", "休息也不停", "规律", "有规律", "很规律", "越来越密", "越来越频繁", "越来越近", "regular",
                "closer together", "every few minutes",
            ]),
        TermGroup(
            concept: .pelvicPressure,
            texts: [
                "坠坠的", "要掉出来", "往下掉",
                "下坠", "往下坠", "坠胀", "坠得慌", "往下压", "压迫感", "腰酸", "后腰酸", "腰一阵一阵", "pelvic pressure",
                "pressure down below", "lower back ache",
            ]),
        TermGroup(
            concept: .watersBroken,
            texts: [
                "床上湿了", "湿了1片", "1大股", "流了1大股", "破羊水", "water is leaking", "waters are leaking", "trickle",
                "waters have gone", "water has gone", "waters went", "my waters", "洋水破", "洋水", "流出好多水", "流出很多水", "哗1下",
                "流了1滩水", "1滩水", "裤子全湿", "裤子都湿", "裤子湿了", "往外流水", "1直有水", "有水漏", "漏水", "像尿了", "是不是尿", "流了1股", "羊水好像破了",
                "羊水像是破了", "好像破水", "1股1股往外流", "往外流", "湿湿的",
                "破水", "羊水破了", "羊水破", "胎膜破裂", "胎膜早破", "阴道流水", "阴道流液", "下面流水", "下面一直流水", "下面一直在流水",
                "流出清水", "漏羊水", "羊水流出", "流羊水", "羊水漏", "1股水", "1股液体", "1股热流", "一直流水", "有水流出", "水流出来",
                "是不是羊水", "是羊水吗", "会不会是羊水", "还是羊水", "内裤湿了1大片", "内裤湿透", "控制不住地流水", "水一直流", "哗地流",
                "water broke", "waters broke", "water has broken", "waters have broken", "waters breaking",
                "water breaking",
                "leaking fluid", "gush of fluid", "gush of water", "leaking water",
            ],
            notAfter: ["鼻子", "鼻", "眼睛", "眼", "口", "嘴", "乳头", "伤口"]),
        TermGroup(
            concept: .watersBroken,
            texts: ["羊水绿色", "羊水是绿色", "羊水绿", "羊水发绿", "羊水黄绿", "羊水有点绿", "羊水是绿的"],
            alsoMeans: [.fluidDiscoloured]),
        TermGroup(
            concept: .fluidDiscoloured,
            texts: ["绿色", "发绿", "黄绿", "墨绿", "浑浊", "有血的水", "粉红色的水", "咖啡色的水", "green", "brown fluid", "murky"]),
        TermGroup(
            concept: .cordOut,
            texts: TermGroup.combine(["脐带", "带子", "cord"], ["掉出来", "脱出", "脱出来", "露出来", "露在外面", "垂下来", "滑出来", "出来了"])
                + [
                    "摸到脐带", "看到脐带", "摸到1根像绳子", "像绳子1样的东西", "看到宝宝的手", "小手出来", "脚先出来", "cord prolapse",
                    "cord is coming out", "felt the cord", "cord coming out", "see the cord", "i can feel the cord",
                ]),
        TermGroup(
            concept: .placentaRetained,
            texts: TermGroup.combine(
                ["胎盘", "胞衣", "placenta"],
                [
                    "没出来", "还没出来", "还没下来", "没下来", "没娩出", "未娩出", "出不来", "没排出", "还在里面", "没有下来", "没有出来",
                    "卡住", "还没有出来", " hasn't come out", " has not come out", " still not out", " won't come out",
                    " still inside",
                    " not delivered",
                ])
                + ["胎盘滞留", "retained placenta"]),
        TermGroup(
            concept: .noFetalMovement,
            texts: [
                "感觉不到宝宝", "感觉不到宝宝在动", "胎动都没有", "胎动也没有", "台动都没有",
                "感觉不到胎动", "没有胎动", "没胎动", "没感觉到胎动", "胎动消失", "胎动停止", "胎动没了", "宝宝不动了", "孩子不动了", "胎儿不动了",
                "宝宝一直不动", "宝宝好久没动", "宝宝半天没动", "宝宝很久没动", "宝宝1天没动", "宝宝1整天没动", "1整天没动", "1天都没动",
                "一直没动", "没有动静", "没动静", "no fetal movement", "baby not moving", "baby is not moving",
                "baby stopped moving",
                "baby hasn't moved", "baby has not moved", "baby hasnt moved", "haven't felt the baby",
                "not felt the baby",
            ],
            notFollowedBy: ["减少", "少", "异常", "变少", "消失", "停止"],
            notAfter: ["还"]),
        TermGroup(
            concept: .fewerFetalMovement,
            texts: [
                "胎东好像少", "胎东少", "胎动比平常少", "胎动明显比平常少", "胎动明显比平时少",
                "胎动减少", "胎动少了", "胎动变少", "胎动明显减少", "胎动比平时少", "胎动比以前少", "胎动没有以前多", "胎动不如以前", "胎动变弱",
                "胎动很少", "胎动少", "胎动比昨天少", "胎动不明显了", "宝宝动得少", "宝宝动得少了", "动得比平时少", "宝宝不怎么动", "孩子不怎么动",
                "reduced fetal movement", "decreased fetal movement", "baby moving less", "fewer movements",
                "less movement",
                "baby is quieter", "fewer kicks",
            ]),
        TermGroup(
            concept: .fewerFetalMovement,
            texts: [
                "没怎么动", "不太动", "很少动", "动得很少", "不爱动了", "动得少", "动得比平时少", "没以前动得多", "没有以前动得多", "安静了很多",
                "moving less", "not moving as much", "quieter than usual", "越来越少", "动得越来越少", "没以前猛", "没以前多", "就几下",
                "没以前频繁", "好安静", "很安静", "特别安静", "安静了", "比平常少", "比平时少", "动的没有平时多", "没有平时多", "没平时多", "次数也少了", "次数少了",
                "没以前那么有劲", "没以前有劲",
            ],
            needsBefore: babySubjects),
        TermGroup(
            concept: .noFetalMovement,
            texts: [
                "不动了", "完全不动", "1点都没动", "1点都不动", "都不动", "没动过", "没有动过", "都没动", "没有 move", "没 move", "not moved",
                "没有郁过", "都没有郁", "不郁", "没郁", "没有郁",
            ],
            notAfter: ["动"],
            needsBefore: babySubjects),
    ]

    // MARK: - Infection

    static let infection: [TermGroup] = [
        TermGroup(
            concept: .fever,
            texts: [
                "发烧", "发热", "高烧", "高热", "烧到", "体温升高", "体温高", "烧得厉害", "烧起来", "fever", "high temperature",
                "feverish", "running a temperature",
            ],
            notAfter: ["手心", "脚心", "手脚心", "五心", "脸", "脸上", "脸颊", "耳朵", "乳房", "伤口", "宝宝", "孩子", "宝宝的", "婴儿"]),
        TermGroup(concept: .lowGradeFever, texts: ["低烧", "低热", "有点烧", "微热", "low-grade fever", "slight fever"]),
        TermGroup(
            concept: .chills,
            texts: [
                "浑身发冷", "全身发冷", "发冷发热", "忽冷忽热", "像感冒1样", "寒战", "打寒战", "打寒颤", "发冷发抖", "冷得发抖", "浑身发抖", "直打哆嗦", "chills",
                "shivering", "rigors", "shaking chills",
            ]),
        TermGroup(
            concept: .coldLimbs,
            texts: [
                "手脚冰", "手脚冰冰",
                "手脚冰凉", "手脚冰冷", "四肢冰冷", "四肢冰凉", "手脚发凉", "皮肤湿冷", "皮肤冰冷", "又湿又冷", "皮肤发花", "皮肤花斑",
                "身上发花", "cold hands and feet", "cold and clammy", "clammy", "mottled",
            ]),
        TermGroup(
            concept: .fastHeart,
            texts: ["心跳很快", "心跳特别快", "心跳得很快", "心率很快", "心跳加速", "racing heart", "heart is racing", "heart racing"]),
        TermGroup(
            concept: .veryUnwell,
            texts: [
                "从来没这么难受", "快不行了", "感觉要死了", "感觉快死了", "浑身难受得不行", "特别难受", "非常难受", "虚得不行",
                "feel like i'm dying", "feel like dying", "extremely unwell", "very unwell", "really unwell",
            ]),
        TermGroup(
            concept: .infectionSign,
            texts: [
                "血有臭味", "血很臭", "有臭味的血",
                "恶露有臭味", "恶露很臭", "恶露发臭", "恶露有异味", "恶露难闻", "下面有臭味", "分泌物有臭味", "伤口化脓", "伤口流脓", "伤口红肿",
                "刀口红肿", "刀口化脓", "刀口流脓", "伤口裂开", "刀口裂开", "伤口有脓", "刀口有脓", "伤口渗液", "刀口渗液", "流脓",
                "foul smelling", "foul-smelling", "smells bad", "pus", "wound is red", "wound is oozing", "oozing",
            ],
            notAfter: ["宝宝", "孩子", "肚脐", "脐带"]),
        TermGroup(
            concept: .breastInflamed,
            texts: TermGroup.combine(
                ["乳房", "胸", "奶", "咪咪", "乳腺", "一边乳房", "一侧乳房", "左胸", "右胸"],
                ["红肿", "发红", "红了", "又红又肿", "又红又痛", "硬块", "有硬块", "肿痛", "胀痛", "发热", "发烫", "很烫", "热痛", "红肿热痛", "堵了"])
                + [
                    "乳腺炎", "mastitis", "breast is red", "red breast", "hot breast", "breast lump", "lump in my breast",
                    "blocked duct",
                ]),
    ]

    // MARK: - Other conditions of pregnancy

    static let pregnancyConditions: [TermGroup] = [
        TermGroup(
            concept: .suddenSwelling,
            texts: TermGroup.combine(
                ["脸", "脸部", "面部", "眼皮", "眼睑", "手", "手指", "手部", "眼睛周围", "眼睛"],
                ["突然肿", "突然浮肿", "突然水肿", "肿得厉害", "肿得很厉害", "1下子肿", "突然肿起来", "肿得像", "肿得发亮"])
                + TermGroup.combine(["突然"], ["脸肿", "手肿", "浮肿", "水肿", "肿起来", "肿了", "全身肿"])
                + TermGroup.combine(["脸", "眼皮", "眼睑", "面部"], ["都肿", "也肿", "肿了", "肿起来", "浮肿", "水肿", "肿肿的"])
                + [
                    "戒指摘不下来", "戒指都摘不下来", "戒指戴不上", "戒指都戴不上", "脸肿", "全身水肿", "全身浮肿", "全身都肿", "脸和手都肿",
                    "手和脸都肿", "face swelling", "swollen face", "face is swollen", "sudden swelling", "puffy face",
                    "hands are swollen", "swollen hands", "ring doesn't fit", "rings don't fit",
                ]),
        TermGroup(
            concept: .vomitingSevere,
            texts: [
                "haven't kept anything down", "kept anything down", "not even water", "没吃进东西", "吃不进东西", "没吃进", "水都呕",
                "饮水都呕", "喝水都呕", "饮水都吐", "呕返晒出来", "吐返晒出来", "吐得胆汁", "胆汁都吐", "喝口水都吐", "喝水都吐出来", "水都吐出来", "吃什么都吐", "keep不住",
                "keep不下", "连water都", "不住任何东西", "吃不下任何东西", "keep even water down", "cant keep", "can't keep",
                "吃什么吐什么", "喝水都吐", "喝水也吐", "连水都吐", "水都喝不进", "水都喝不下", "什么都吃不进", "什么都吃不下", "1点都吃不进",
                "吐了1整天", "吐了1天", "吐个不停", "1直吐", "一直在吐", "吐得停不下来", "吐出血", "吐血", "吐出黄水", "吐胆汁",
                "can't keep anything down", "cannot keep anything down", "can't keep water down",
                "throwing up everything",
                "vomiting all day", "can't stop vomiting", "can't stop throwing up",
            ]),
        TermGroup(
            concept: .dehydration,
            texts: [
                "barely peeing", "it's dark", "尿酮", "瘦了", "站起来就晕", "没去过厕所", "没有点去过厕所", "很少去厕所", "没有去过厕所", "没尿尿", "小时没尿",
                "只尿了1次", "尿了1次", "尿得很少", "peed once", "dark orange", "颜色很深",
                "尿很少", "没怎么尿", "1天没尿", "半天没尿", "很久没尿", "好久没尿", "没有尿", "尿不出来", "尿很黄", "尿是深色", "尿色很深",
                "尿酮体", "酮体", "酮症", "脱水", "嘴唇干裂", "体重掉了", "瘦了好几斤", "no pee", "not peeing", "haven't peed",
                "dark urine", "ketones", "dehydrated",
            ]),
        TermGroup(concept: .vomiting, texts: ["呕吐", "吐", "恶心", "孕吐", "vomit", "vomiting", "throwing up", "nausea"]),
        TermGroup(
            concept: .itchPalmsSoles,
            texts: TermGroup.combine(
                ["手心", "脚心", "手掌", "脚掌", "脚底", "脚底板", "手脚心", "手心脚心", "手掌脚掌"], ["痒", "好痒", "很痒", "特别痒", "奇痒", "发痒"])
                + [
                    "itchy palms", "itchy soles", "palms are itchy", "soles are itchy", "itching on my palms",
                    "itchy hands and feet", "itching hands and feet",
                ]),
    ]

    // MARK: - Mind

    static let mind: [TermGroup] = [
        TermGroup(
            concept: .selfHarm,
            texts: [
                "手腕上好多划痕", "手腕上有划痕", "划痕", "割痕", "cuts on her wrist", "cuts on my arm", "想把娃扔", "把娃扔了", "把孩子扔了",
                "把宝宝扔了", "想把娃", "割自己", "割了自己", "划自己", "伤害了自己", "怎么结束", "攒好了", "药都攒", "结束自己", "不想再生存", "不想生存", "带埋bb",
                "带着宝宝1起走", "带着bb1起走", "1齐走", "把他捂住", "把她捂住", "把宝宝捂住", "用被子把他", "用被子把宝宝", "用枕头把", "怎么消失", "别再醒过来",
                "不要醒过来", "不想醒过来", "永远睡下去", "never wake up", "not wake up",
                "不想活", "活着没意思", "活着没有意思", "活着没意义", "活着没有意义", "活着好累", "活不下去", "想死", "想去死", "死了算了",
                "死了就好了", "不如死了", "自杀", "轻生", "寻死", "结束生命", "结束自己的生命", "了结自己", "一了百了", "自残", "自伤", "割腕",
                "割手", "划手腕", "跳楼", "跳河", "跳下去", "安眠药", "攒药", "吞药", "离开这个世界", "消失就好了", "想消失", "结束这1切",
                "伤害自己的念头", "伤害自己的想法", "伤害自己的冲动", "想伤害自己", "想伤害我自己", "伤害宝宝的念头", "伤害宝宝的想法",
                "伤害孩子的念头", "伤害孩子的想法", "想伤害宝宝", "想伤害孩子", "想伤害婴儿", "自己会伤害宝宝", "自己会伤害孩子", "想掐死",
                "掐死宝宝", "掐死孩子", "闷死", "捂死", "想把宝宝扔", "想把孩子扔", "想摔宝宝", "想摔孩子", "把宝宝摔", "带着孩子1起死",
                "和孩子1起死", "带着宝宝1起死", "kill myself", "killing myself", "suicide", "suicidal", "end my life",
                "end it all",
                "want to die", "wanna die", "hurt myself", "harm myself", "hurt my baby", "harm my baby", "self harm",
                "self-harm",
                "better off dead", "better off without me", "don't want to be here", "don't want to live",
                "not want to live",
                "cut myself", "cutting myself", "overdose",
            ],
            notFollowedBy: ["你", "您", "价", "人了", "动", "泼", "跃", "伞"]),
        TermGroup(
            concept: .psychosis,
            texts: [
                "在害我", "都在害我", "下毒", "害我", "poisoning", "poison", "又说又笑", "有使命", "使命要完成", "拉都拉不住", "言语紊乱", "有声音命令",
                "声音命令", "命令她", "魔鬼", "有人望住", "有人盯着", "有人看着她", "不是我们的", "被人换了", "被换了", "hearing a voice",
                "a voice telling", "voice saying", "baby is evil", "evil", "听见有人", "听见声音", "听到有人", "有人在墙里", "跟她说话",
                "宝宝被换", "听到有声音", "有声音跟我说话", "跟我说话，让我", "分不清白天晚上", "监控", "监视", "被人跟踪", "发信号", "对着空房间说话", "自言自语", "神仙派来",
                "说自己是神仙", "不是她的", "孩子不是她的", "宝宝不是她的", "被换掉", "人影", "要害她", "要害我", "电视里的人", "电视里面的人", "电视入面", "devil",
                "messages from the tv", "getting messages", "3天3夜不睡", "几天不睡", "好几天不睡", "整晚不睡", "几晚不睡", "不让护士碰",
                "幻觉", "幻听", "幻视", "听到有人说话", "听到有人跟我说话", "听到声音", "有声音让我", "有声音叫我", "有个声音", "看到不存在",
                "看到奇怪的东西", "看见不存在", "有人要害", "要害我们", "要害宝宝", "被监视", "被跟踪", "被人害", "宝宝被换了", "宝宝被调包",
                "宝宝是魔鬼", "被附身", "胡思乱想说", "好几天没睡", "几天几夜没睡", "几天没合眼", "好几天不睡觉", "hearing voices", "hears voices",
                "seeing things", "someone is watching", "paranoid", "not slept for days", "hasn't slept in days",
                "thinks the baby is", "possessed",
            ]),
        TermGroup(
            concept: .lowMood,
            texts: [
                "躺着不起来", "提不起劲", "孩子哭也不理", "不理孩子", "成日喊", "经常喊", "搞不掂", "咩都不想做", "搞唔掂", "hasn't smiled", "lies in bed",
                "stays in bed all day", "emo", "不想看到娃", "不想看到宝宝", "不想看到孩子", "不想管孩子", "不想带娃", "低落", "很低落", "应付不过来", "想哭",
                "好想哭", "每天都在哭", "1直哭", "都在哭", "黑洞", "空虚", "feel empty", "cant enjoy", "can't enjoy", "not coping",
                "什么都不想做", "不想见人", "做不好妈妈", "难过", "很难过",
                "天天哭", "每天都哭", "每天哭", "控制不住地哭", "止不住地哭", "撑不下去", "崩溃", "绝望", "提不起兴趣", "对什么都没兴趣",
                "高兴不起来", "开心不起来", "心情很差", "心情低落", "情绪低落", "抑郁", "很压抑", "觉得自己没用", "自己是个失败",
                "can't cope", "cannot cope", "hopeless", "crying every day", "depressed", "can't stop crying",
            ]),
        TermGroup(
            concept: .longDuration,
            texts: [
                "2个礼拜", "3个礼拜", "个多礼拜", "个礼拜", "个多星期", "3周", "几周", "几个礼拜", "每天", "每天都", "天天", "日日", "every day",
                "every single day", "all the time", "3 weeks", "three weeks", "weeks",
                "两周", "2周", "两个星期", "2个星期", "半个月", "1个月", "好几周", "几个星期", "很久了", "1直这样", "好长时间", "两个多星期",
                "2 weeks", "two weeks", "weeks now", "a month",
            ]),
    ]
}
