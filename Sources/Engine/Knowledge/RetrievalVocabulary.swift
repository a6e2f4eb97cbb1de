/// Which terms retrieval ignores or discounts. Character n-grams over questions produce many
/// terms that say nothing about the topic (怎么, 正常, 严重) or only that the question is about
/// pregnancy (孕妇, 宝宝); keeping them out of the index or out of the topic score is what lets
/// the retriever answer "nothing relevant" for off-topic questions.
enum RetrievalVocabulary {
    /// Function characters that carry no topic; not indexed, so they can never create a match.
    static let stopCharacters: Set<UInt32> = Set(
        "的了吗呢吧啊嘛呀哦么是我你他她它们在和与及就都也还很太又要会能可以个这那怎什样如何为被把给让到对从等着过得地之而但该应些儿啥呗"
            .unicodeScalars.map(\.value))

    /// Question-word, filler and intensifier bigrams ("怎么办", "正常吗", "严重"…) found in questions
    /// on any topic; not indexed, so a title like "…怎么办" cannot attract unrelated questions.
    static let stopBigrams: Set<UInt64> = {
        let words = [
            "怎么", "么办", "什么", "么样", "怎样", "如何", "为什", "是否", "是不", "不是", "有没", "没有",
            "需要", "应该", "可能", "一般", "一下", "一些", "一点", "的话", "正常", "常吗", "要紧", "问题",
            "请问", "现在", "今天", "这个", "那个", "这样", "时候", "么时", "能不", "会不", "要不", "好吗",
            "严重", "厉害", "得厉", "疼得", "痛得", "得很", "特别", "非常", "比较", "总是", "老是", "经常",
            "一直", "有点", "感觉", "觉得", "出现", "最近", "建议", "症状", "我想", "帮我", "给我", "我要", "想要",
        ]
        return bigramCodes(words)
    }()

    /// Words that say "this is about pregnancy or babies" — true of nearly every question here.
    /// They help ranking (产后 vs 孕期) at reduced weight (`Retriever.contextFactor`) but never count
    /// as topical evidence, so "孕妇可以炒股吗" does not look relevant just because it says 孕妇.
    static let contextBigrams: Set<UInt64> = {
        let words = [
            "孕妇", "怀孕", "孕期", "孕早", "孕中", "孕晚", "早期", "中期", "晚期", "产后", "生完", "宝宝",
            "孩子", "妈妈", "准妈", "婴儿", "新生", "胎儿", "医生", "医院", "就医", "以后", "每天",
        ]
        return bigramCodes(words)
    }()

    /// Terms from a title or keyword are evidence of the entry's topic, except context words
    /// (孕妇, 宝宝). Single characters count (at their low weight): particles split words, so
    /// "家里养了猫" shares only 猫 with the keyword 养猫.
    static func isTopical(_ code: UInt64) -> Bool {
        !contextBigrams.contains(code)
    }

    /// True for terms that are never indexed (stop characters, stop bigrams, bigrams of two stop characters).
    static func isStopTerm(_ code: UInt64) -> Bool {
        switch NGramTokenizer.kind(of: code) {
        case .unigram:
            return stopCharacters.contains(UInt32(truncatingIfNeeded: code & 0x1F_FFFF))
        case .bigram:
            let first = UInt32(truncatingIfNeeded: (code >> 21) & 0x1F_FFFF)
            let second = UInt32(truncatingIfNeeded: code & 0x1F_FFFF)
            return stopBigrams.contains(code) || (stopCharacters.contains(first) && stopCharacters.contains(second))
        case .word:
            return stopWords.contains(code)
        }
    }

    /// English function words: the examples now carry English phrasings, and "what is the" must
    /// not make "what is the capital of France" look like a question about anything here.
    static let stopWords: Set<UInt64> = {
        var codes = Set<UInt64>()
        let words = """
            a an the is are was were be been am i im i'm you your my me we our it its this that these those what when
            where which who how why can could should would will do does did doing have has had to of in on at for
            with and or but if so not no yes any some there here from by as about after before into than then too
            very just also get got okay ok normal still now please much many more most one two she her he his they
            them their anything something ok is
            """
        for word in words.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            NGramTokenizer.forEachTerm(in: String(word)) { codes.insert($0) }
        }
        return codes
    }()

    /// The bigram codes of two-character words.
    private static func bigramCodes(_ words: [String]) -> Set<UInt64> {
        var codes = Set<UInt64>()
        for word in words {
            NGramTokenizer.forEachTerm(in: word) { code in
                if NGramTokenizer.kind(of: code) == .bigram { codes.insert(code) }
            }
        }
        return codes
    }
}
