/// The words that say whether a sign is happening now (scope markers), which stage she is in,
/// and where a number is a reading (anchors). Found in the same scan as the symptoms.
enum ScopeLexicon {
    static let all: [TermGroup] = markers + stages + anchors

    static let markers: [TermGroup] = [
        TermGroup(
            concept: .present,
            texts: [
                "现在", "正在", "刚才", "刚刚", "此刻", "目前", "今天", "今早", "今天早上", "今晚", "这会儿", "一直在", "还在", "仍然", "依然",
                "到现在", "这两天", "这几天", "最近", "眼下", "right now", "now", "currently", "today", "tonight",
                "this morning", "just now", "at the moment", "still",
            ]),
        TermGroup(
            concept: .hypothetical,
            texts: [
                "如果", "假如", "要是", "万一", "梦见", "做梦", "梦到", "假设", "倘若", "一旦", "若是", "如何判断", "怎么判断", "怎样判断", "怎么知道是不是",
                "怎么区分",
                "以防", "预防", "怎么预防", "如何预防", "避免", "what if", "if i", "if my", "if she", "if her",
                "if the", "if you", "in case", "should i ever", "how do i know if", "how would i know", "how to tell",
            ]),
        TermGroup(
            concept: .askingAhead,
            texts: ["先问问", "备着", "先了解", "以防万1", "提前问", "asking ahead", "just in case", "for future reference"]),
        TermGroup(
            concept: .informational,
            texts: [
                "是什么", "什么是", "有哪些", "哪些症状", "哪些表现", "什么表现", "什么症状", "什么情况下", "的原因", "原因有哪些", "的风险",
                "风险大", "区别", "定义", "诊断标准", "标准是", "指南", "对于", "一般来说", "多少算", "正常值", "正常范围", "发生率",
                "what is", "what are", "symptoms of", "signs of", "risk of", "causes of", "guideline", "guidelines",
                "difference between", "in general", "一定要", "多少度", "提前准备", "提前了解", "想先了解", "what does", "what do",
                "how does", "feel like",
            ]),
        TermGroup(
            concept: .teaching,
            texts: [
                "讲课", "学生", "考试", "我是医生", "我是产科医生", "写病历", "病历", "想确认1下", "科普", "论文", "课件", "培训", "宣教", "备课", "查房",
                "教学", "出题", "考题", "复习", "讲座",
                "lecture", "exam", "students", "course", "teaching", "presentation", "essay",
            ]),
        TermGroup(
            concept: .recentPast,
            texts: [
                "上周", "上个星期", "那几天", "刚生完那几天", "刚开始那几天", "上个礼拜", "上礼拜", "上星期", "上个月", "上次", "上回", "前几天", "前段时间", "前阵子",
                "之前", "那天", "当时", "那时",
                "那时候", "那次", "last week", "last month", "a few days ago", "the other day", "earlier this month",
            ]),
        TermGroup(
            concept: .farPast,
            texts: [
                "去年", "前年", "那个年代", "年代", "几年前", "以前", "小时候", "青春期", "上学的时候", "年轻时", "上一胎", "怀老大", "生老大", "上次怀孕",
                "头胎的时候", "第一胎的时候", "当年", "曾经",
                "last year", "years ago", "previous pregnancy", "my first pregnancy", "with my first", "in the past",
            ]),
        TermGroup(
            concept: .resolved,
            texts: [
                "已经好了", "已经没事了", "已经止住", "已经停了", "恢复正常", "已经正常", "复查正常", "复查没事", "复查都正常", "医生说没事",
                "医生说正常", "医生看过说没事", "医生检查说没事", "检查没问题", "检查都正常", "1切正常", "监护都好", "胎监正常", "又正常了", "又正常动了", "医生说宝宝在睡觉",
                "已经没有了", "照完话没事", "医生话没事",
                "现在没有了", "治好了", "痊愈", "出院了", "resolved", "went away", "fine now", "all fine", "back to normal",
                "said it was fine", "all clear", "false alarm", "said it was just",
            ]),
        TermGroup(
            concept: .settled,
            texts: [
                "好了", "没事了", "没事", "没有事", "都好", "都很好", "挺好的", "再没出过", "再没有", "后来慢慢", "慢慢少了", "后来好了", "是白带", "查了是",
                "话没事", "没问题", "都正常", "1切都好", "都没有了", "没有了", "止住了", "停了", "恢复了", "正常了", "消了", "退了", "降下来了",
                "退烧了", "复查", "覆诊", "all good", "it's gone", "gone now", "说不是", "虚惊1场", "原来是", "是尿", "stopped",
                "was fine", "just discharge",
                "fine after",
            ]),
        TermGroup(
            concept: .thirdParty,
            texts: [
                "闺蜜", "我闺蜜", "朋友", "我朋友", "同事", "我同事", "邻居", "我邻居", "同学", "我同学", "网上", "听说", "新闻", "别人",
                "群里", "帖子", "小红书", "抖音", "电视上", "朋友圈", "病友", "隔壁床", "邻床", "my friend", "a friend", "coworker",
                "colleague", "neighbor", "neighbour", "i read", "i heard", "online", "someone",
            ]),
        TermGroup(
            concept: .relative,
            texts: [
                "表姐", "表妹", "姊姊", "我姊姊", "我姊", "堂姐", "堂妹", "嫂子", "阿嫂", "我阿嫂", "姐姐", "妹妹", "小姑子", "弟媳", "我姐", "我妹",
                "我表姐", "我表妹", "我嫂子",
                "我姐姐", "我妹妹", "my sister", "my cousin", "sister-in-law",
            ]),
        TermGroup(
            concept: .personal,
            texts: [
                "女朋友", "女友", "girlfriend", "老婆", "媳妇", "妻子", "爱人", "女儿", "儿媳", "闺女", "患者", "病人", "my wife", "wife",
                "patient",
            ]),
        TermGroup(concept: .firstPerson, texts: ["我", "俺", "本人", "my", "i", "i'm", "i've", "me", "im"]),
    ]

    static let stages: [TermGroup] = [
        TermGroup(
            concept: .pregnancyCue,
            texts: [
                "怀孕", "孕", "孕妇", "孕期", "胎儿", "产检", "预产期", "孕周", "怀着", "肚子里的宝宝", "待产", "孕中期", "孕晚期", "怀孕中期",
                "pregnant", "pregnancy", "weeks pregnant", "expecting", "due date",
            ]),
        TermGroup(
            concept: .earlyPregnancyCue,
            texts: [
                "早孕", "孕早期", "2条杠", "测了2条", "刚验出怀孕", "验出怀孕", "刚验出", "怀孕初期", "刚怀孕", "刚发现怀孕", "刚查出怀孕", "验孕", "两道杠",
                "大姨妈晚了", "例假晚了", "月经晚了", "大姨妈推迟", "月经没来", "停经", "hcg", "孕囊", "早早孕", "试纸",
                "怀孕1个月", "怀孕2个月", "孕1个月", "孕2个月", "大姨妈推迟", "月经推迟", "例假推迟", "positive test", "missed period",
                "just found out", "early pregnancy",
            ]),
        TermGroup(
            concept: .postpartumCue,
            texts: [
                "产后", "生完", "药流后", "流产后", "清宫", "人流后", "引产后", "生了宝宝", "生了孩子", "刚生", "分娩后", "剖腹产后", "剖宫产后", "顺产后", "月子",
                "坐月子", "出院回家",
                "哺乳期", "喂奶", "宝宝出生", "满月", "产褥", "生产后", "生下", "产妇", "剖完", "postpartum", "post-partum", "gave birth",
                "after birth", "after delivery", "since delivery", "after my c-section", "days after birth",
                "weeks after birth",
                "after giving birth", "since giving birth",
            ]),
    ]

    static let anchors: [TermGroup] = [
        TermGroup(concept: .anchorBloodPressure, texts: ["血压", "量血压", "测血压", "bp", "blood pressure", "b.p."]),
        TermGroup(concept: .anchorSystolic, texts: ["高压", "收缩压", "上压", "systolic", "sbp"]),
        TermGroup(concept: .anchorDiastolic, texts: ["低压", "舒张压", "下压", "diastolic", "dbp"]),
        TermGroup(
            concept: .anchorTemperature,
            texts: ["体温", "温度", "烧了", "量了体温", "测了体温", "腋温", "耳温", "额温", "temp", "temperature", "fever of"],
            notFollowedBy: ["计", "枪"]),
        TermGroup(
            concept: .anchorOxygen,
            texts: [
                "血氧", "血氧饱和度", "氧饱和度", "饱和度", "血氧仪", "spo2", "sp02", "o2 sat", "o2 sats", "oxygen saturation",
                "oxygen level",
                "sats", "o2",
            ]),
        TermGroup(
            concept: .anchorBreathingRate,
            texts: ["呼吸", "呼吸频率", "每分钟呼吸", "rr", "respiratory rate", "breathing rate", "breaths"]),
        TermGroup(
            concept: .anchorFetalHeart,
            texts: [
                "胎心", "胎心率", "胎心音", "宝宝心跳", "宝宝的心跳", "胎儿心率", "胎儿心跳", "胎心监护", "胎监", "多普勒", "fhr", "fetal heart",
                "baby's heart rate", "baby's heartbeat", "babys heart rate", "doppler", "ctg",
            ]),
        TermGroup(concept: .anchorHeartRate, texts: ["心率", "心跳", "脉搏", "heart rate", "pulse", "hr"]),
        TermGroup(
            concept: .anchorProtein, texts: ["尿蛋白", "蛋白尿", "尿蛋白定性", "尿常规蛋白", "蛋白", "protein", "urine protein", "pro"]),
        TermGroup(concept: .anchorPlatelets, texts: ["血小板", "plt", "platelets", "platelet count", "platelet"]),
        TermGroup(
            concept: .anchorGlucose, texts: ["血糖", "餐后血糖", "ogtt", "糖耐", "glucose", "blood sugar", "sugar", "随机血糖"]),
        TermGroup(
            concept: .anchorFastingGlucose, texts: ["空腹血糖", "空腹", "fasting glucose", "fasting sugar", "fasting"]),
        TermGroup(concept: .anchorBileAcids, texts: ["胆汁酸", "总胆汁酸", "tba", "bile acids", "bile acid"]),
    ]
}
