/// What the burst key submits: everyday questions plus a few with danger signs, so the demo
/// shows emergencies being marked while the others run.
enum SampleQuestions {
    static let all = [
        "孕期可以喝咖啡吗？每天喝多少比较安全",
        "怀孕早期恶心呕吐很严重怎么办",
        "孕期每天要补充多少叶酸",
        "怀孕32周，阴道出血，肚子一阵一阵剧痛",
        "孕晚期睡觉应该采取什么姿势",
        "糖耐量检查什么时候做，需要空腹吗",
        "产后恶露一般持续多久",
        "母乳喂养宝宝多久喂一次",
        "孕36周突然头很痛，眼睛看东西模糊",
        "产后情绪低落总想哭，是产后抑郁吗",
        "孕期可以运动吗，适合做哪些运动",
        "这两天感觉胎动比平时少了很多",
    ]

    /// `count` questions, cycling through the list.
    static func take(_ count: Int) -> [String] {
        (0..<max(0, count)).map { all[$0 % all.count] }
    }
}
