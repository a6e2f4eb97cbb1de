/// Parts of a sign that people write apart, which rules join when they share a sentence:
/// a site and what is wrong with it (小肚子…越来越疼, 脸也圆了…肿, 手掌…痒, 右边大腿到小腿都肿了),
/// and the extra phrasings of the delivery emergencies. Also the blockers: words that only
/// keep a site from matching inside them (手机 is not a hand).
enum BodyLexicon {
    static let all: [TermGroup] = sites + states + delivery + blockers

    static let sites: [TermGroup] = [
        TermGroup(
            concept: .bellySite,
            texts: [
                "肚子", "度子", "肚", "腹", "小腹", "下腹", "小肚子", "腹部", "子宫", "下面", "个肚", "belly", "tummy", "stomach",
                "abdomen", "lower abdomen", "uterus",
            ],
            notFollowedBy: ["里的", "里宝宝", "饿", "脐"]),
        TermGroup(
            concept: .headSite,
            texts: ["脑袋", "后脑勺", "太阳穴", "脑壳", "额头", "后脑", "头部", "头顶", "头像", "头要", "头快", "头好", "头都", "head"]),
        TermGroup(
            concept: .faceOrHands,
            texts: [
                "脸", "面部", "眼皮", "眼泡", "眼睑", "眼睛周围", "眼睛", "手", "手指", "手指头", "双手", "face", "eyelids", "eyes", "hands",
                "fingers",
            ]),
        TermGroup(
            concept: .oneLegSite,
            texts: TermGroup.combine(
                ["左", "右", "左边", "右边", "1边", "1侧", "1条", "1只", "左边的", "右边的", "左侧", "右侧"],
                ["腿", "小腿", "大腿", "脚瓜", "腿肚子"])
                + ["right calf", "left calf", "right leg", "left leg", "one leg", "one calf", "calf"]),
        TermGroup(
            concept: .lochiaOrWound,
            texts: [
                "伤口", "刀口", "侧切", "会阴", "缝针", "缝线", "分泌物", "白带", "wound", "incision", "stitches",
                "discharge",
            ]),
        TermGroup(concept: .lochiaOrWound, texts: ["恶露", "lochia"], alsoMeans: [.postpartumCue]),
        TermGroup(concept: .lochiaOrWound, texts: ["下面的血"]),
        TermGroup(
            concept: .palmsOrSoles,
            texts: ["手心", "脚心", "手掌", "脚掌", "脚底", "脚底板", "手脚心", "手板", "脚板", "palms", "soles", "hands and feet", "feet"]),
    ]

    static let states: [TermGroup] = [
        TermGroup(
            concept: .weakness,
            texts: ["没力", "无力", "没劲", "使不上劲", "麻", "发麻", "麻麻", "麻痹", "抬不起来", "拿不稳", "拿不住", "weak", "numb"]),
        TermGroup(
            concept: .painWord,
            texts: ["疼", "痛", "抽痛", "刺痛", "隐痛", "绞着疼", "pain", "hurts", "hurt", "ache", "aching", "cramp"]),
        TermGroup(
            concept: .severePain,
            texts: [
                "越来越疼", "越来越痛", "疼得不行", "痛得不行", "疼死", "痛死", "疼哭", "痛哭", "疼得直哭", "痛得直哭", "疼得出冷汗", "痛得出冷汗",
                "痛到标冷汗", "疼得直不起腰", "疼得站不起来", "疼到站不起来", "痛到站不起来", "疼得打滚", "剧痛", "绞痛", "疼得受不了",
                "痛得受不了", "疼得要命", "痛得要命", "疼得厉害", "痛得厉害", "疼得很厉害", "撕开1样", "像撕开", "像被撕开", "像刀割",
                "刀绞", "像炸开", "炸开1样", "还是疼", "还是很疼", "还是痛", "疼不停", "疼个不停", "走不了路", "行都行不到", "坐都坐不住",
                "severe pain", "worst pain", "excruciating",
            ]),
        TermGroup(
            concept: .swollenWord,
            texts: [
                "肿", "浮肿", "水肿", "肿了", "肿起来", "胀", "涨", "圆了1圈", "握不了拳", "握不紧拳", "握不住拳", "swollen", "swelling",
                "puffy", "胖了1圈", "肿咗", "种得", "都种", "也种得", "总得厉害", "也总",
            ]),
        TermGroup(
            concept: .itch,
            texts: ["特别养", "很养", "好养", "养得", "发养", "痒", "瘙痒", "好痕", "痕到", "痕痕", "咁痕", "痕得", "itchy", "itching", "itch"]),
        TermGroup(
            concept: .woundInflamed,
            texts: [
                "红肿", "红红的", "发红", "烫", "发烫", "热热的", "渗", "渗出", "脓", "化脓", "黄色的东西", "黄水",
                "臭", "臭味", "很臭", "发臭", "异味", "难闻", "smell", "smells", "smelly", "red and hot",
            ]),
        TermGroup(concept: .cramp, texts: ["抽筋", "cramps at night", "leg cramp", "leg cramps"]),
    ]

    static let delivery: [TermGroup] = [
        TermGroup(
            concept: .cordOut,
            texts: [
                "可见脐带", "看见脐带", "脐带露出", "阴道口可见", "出来1只小脚", "小脚出来", "先出来1只脚", "看到小脚", "露出1只脚", "看到宝宝的脚", "1只小脚",
                "先出来的是脚",
            ]),
        TermGroup(
            concept: .placentaRetained,
            texts: TermGroup.combine(
                ["胎盘", "胎衣", "胞衣", "衣胞"],
                ["下不来", "没出", "一直没出来", "还没出", "仍未出", "仍然没出", "未出", "还未出", "没有出", "一直没出", "还在肚子里"])
                + TermGroup.combine(
                    ["placenta"],
                    [
                        " still hasn't come out", " still has not come out", " still hasn't", " has still not come",
                        " is still in",
                    ])),
        TermGroup(
            concept: .contractions,
            texts: [
                "硬1次", "就硬", "变硬", "硬1下", "硬到", "紧1次", "就紧", "紧1下", "1紧1紧", "tight", "tightens", "gets tight",
                "becomes tight", "become tight",
            ]),
        TermGroup(concept: .pelvicPressure, texts: ["pressure down there", "pressure"]),
        TermGroup(concept: .shoulderTipPain, texts: ["右肩膀", "左肩膀", "右肩", "左肩", "肩膀", "肩头", "shoulder"]),
    ]

    static let blockers: [TermGroup] = [
        TermGroup(
            concept: .blocker,
            texts: [
                "手机", "手术", "手续", "手工", "洗手", "顺手", "动手", "手册", "手环", "手表", "手腕", "右手腕", "左手腕", "选手", "手足口", "眼睛好",
                "下面的",
                "下面是", "下面有几", "下面哪", "脸色", "手脚", "对手", "肚脐",
            ])
    ]
}
