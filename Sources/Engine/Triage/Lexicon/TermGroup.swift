/// Phrasings of one concept, with the contexts that change what they mean. Every text is
/// normalised by `TriageText` before use, so phrases are written in plain simplified Chinese
/// (or lower-case English) and still match traditional, full-width or Cantonese input.
struct TermGroup: Sendable {
    let concept: Concept
    let texts: [String]
    /// Further concepts every phrase of the group carries: 头很疼 is a headache and a severe one.
    var alsoMeans: [Concept] = []
    /// The phrase does not count when immediately followed by one of these (出血多少天 asks an amount).
    var notFollowedBy: [String] = []
    /// The phrase does not count after one of these, fillers skipped (牙龈出血, 小腿抽搐).
    var notAfter: [String] = []
    /// When not empty, the phrase counts only after one of these in the same clause
    /// (没怎么动 is about the baby only after 宝宝/胎儿).
    var needsBefore: [String] = []
}

extension TermGroup {
    /// Every concatenation of one part from each list, in order ("头" × "很" × "疼").
    static func combine(_ lists: [String]...) -> [String] {
        lists.reduce([""]) { prefixes, parts in prefixes.flatMap { prefix in parts.map { prefix + $0 } } }
    }
}
