/// The lexicon compiled for scanning: one trie of every phrase plus per-phrase tables. A scan
/// walks the normalised text left to right taking the longest acceptable phrase at each position.
/// Around each hit it looks at the same clause only:
/// - benign contexts reject it (牙龈出血, 小腿抽搐, 手心发热), and a shorter phrase is tried;
/// - a negation cue before it (没有出血, 不发烧, no bleeding) drops it, unless the cue is part of
///   an A-not-A question (有没有出血, 是不是破水) or 是否, which still asks about a real worry.
struct ConceptScanner: Sendable {
    /// A phrase found at `start..<end` of the normalised text, with everything it means.
    struct Hit: Sendable {
        var concepts: ConceptSet
        var primary: Concept
        var start: Int
        var end: Int
    }

    private enum Outcome { case accepted, negated, rejected }

    private let trie: PhraseTrie
    private let phraseConcepts: [ConceptSet]
    private let phrasePrimary: [Concept]
    private let phraseNotFollowedBy: [[[UInt32]]]
    private let phraseNotAfter: [[[UInt32]]]
    private let phraseNeedsWordStart: [Bool]
    private let phraseNeedsBefore: [[[UInt32]]]
    /// Phrases that normalise to one already taken by another concept (a lexicon bug; tests assert none).
    let conflicts: [String]

    /// Negation cues: 没/无/不/未/非/别/否/勿/莫.
    private static let negationCues = scalarSet("没沒无無不未非别否勿莫")
    /// Words that may sit between a cue and the phrase: 没有任何出血, 并没有感觉到头痛得厉害, 不是很疼.
    private static let negationFillers = scalarSet("有见再出现任何明显感觉到发生过也都还太什么1点些啥怎并从来曾经是算很那么 ")
    /// Words skipped before checking a benign context: 牙龈经常出血, 刷牙的时候有点出血.
    private static let contextFillers = scalarSet("有点1些少量会很也都还经常老是总时候的在又就容易偶尔带 ")
    private static let questionBeforeFou = scalarSet("是能可")
    private static let notNegatingBeforeBie = scalarSet("特分区个级类性告")
    private static let englishNegations: Set<UInt64> = Set(
        [
            "no", "not", "never", "without", "dont", "don't", "didnt", "didn't", "isnt", "isn't", "havent", "haven't",
            "hasnt", "hasn't", "nor", "deny", "denies", "none", "any",
        ].map { wordHash(TextScalars.normalizedScalars($0)) })

    init(groups: [TermGroup], normalize: (String) -> [UInt32]) {
        var patterns: [[UInt32]] = []
        var seen: [[UInt32]: Concept] = [:]
        var concepts: [ConceptSet] = []
        var primary: [Concept] = []
        var notFollowedBy: [[[UInt32]]] = []
        var notAfter: [[[UInt32]]] = []
        var needsWordStart: [Bool] = []
        var needsBefore: [[[UInt32]]] = []
        var conflicts: [String] = []
        for group in groups {
            let meaning = ConceptSet([group.concept] + group.alsoMeans)
            for text in group.texts {
                let scalars = normalize(text)
                if let earlier = seen[scalars] {
                    if earlier != group.concept { conflicts.append("\(text): \(earlier) and \(group.concept)") }
                    continue
                }
                seen[scalars] = group.concept
                patterns.append(scalars)
                concepts.append(meaning)
                primary.append(group.concept)
                notFollowedBy.append(group.notFollowedBy.map(normalize))
                notAfter.append(group.notAfter.map(normalize))
                needsWordStart.append(scalars.first.map(TextScalars.isASCIIWordChar) ?? false)
                needsBefore.append(group.needsBefore.map(normalize))
            }
        }
        trie = PhraseTrie(patterns: patterns)
        phraseConcepts = concepts
        phrasePrimary = primary
        phraseNotFollowedBy = notFollowedBy
        phraseNotAfter = notAfter
        phraseNeedsWordStart = needsWordStart
        phraseNeedsBefore = needsBefore
        self.conflicts = conflicts
    }

    /// Every accepted phrase of `text`, in order; negated ones are left out.
    func scan(_ text: UnsafeBufferPointer<UInt32>) -> [Hit] {
        var hits: [Hit] = []
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(trie.maximumLength, 1)) { found in
            var position = 0
            while position < text.count {
                var advanced = false
                var candidate = trie.matches(in: text, at: position, into: found) - 1
                while candidate >= 0 {  // longest first; fall back to shorter ones when rejected
                    let phrase = Int(found[candidate])
                    let outcome = evaluate(phrase, at: position, in: text)
                    if outcome == .rejected {
                        candidate -= 1
                        continue
                    }
                    let end = position + trie.patternLength(phrase)
                    if outcome == .accepted {
                        hits.append(
                            Hit(
                                concepts: phraseConcepts[phrase], primary: phrasePrimary[phrase], start: position,
                                end: end))
                    }
                    position = end
                    advanced = true
                    break
                }
                if !advanced { position += 1 }
            }
        }
        return hits
    }

    // MARK: - Context rules

    private func evaluate(_ phrase: Int, at start: Int, in text: UnsafeBufferPointer<UInt32>) -> Outcome {
        let end = start + trie.patternLength(phrase)
        if phraseNeedsWordStart[phrase], start > 0, TextScalars.isASCIIWordChar(text[start - 1]) { return .rejected }
        if phraseNeedsWordStart[phrase], end < text.count, TextScalars.isASCIIWordChar(text[end - 1]),
            TextScalars.isASCIIWordChar(text[end])
        {
            return .rejected  // "pad" is not "paddle", "hr" is not "hrs"
        }
        for suffix in phraseNotFollowedBy[phrase] where Self.text(text, has: suffix, at: end) { return .rejected }
        let exclusions = phraseNotAfter[phrase]
        if !exclusions.isEmpty {
            // Right before the phrase (还没有胎动), then past fillers (刷牙的时候有点出血).
            var index = start - 1
            for context in exclusions where Self.text(text, has: context, endingAt: index) { return .rejected }
            while index >= 0, Self.contextFillers.contains(text[index]) { index -= 1 }
            if index >= 0, index < start - 1, !TextSegments.isClauseBreak(text, at: index) {
                for context in exclusions where Self.text(text, has: context, endingAt: index) { return .rejected }
            }
        }
        let subjects = phraseNeedsBefore[phrase]
        if !subjects.isEmpty && !Self.clause(before: start, in: text, containsAnyOf: subjects) { return .rejected }
        if Self.isNegatable(phrasePrimary[phrase]) && Self.isNegated(before: start, in: text) { return .negated }
        return .accepted
    }

    private static func isNegatable(_ concept: Concept) -> Bool {
        concept.negatable
            || [.severe, .severePain, .sudden, .painWord, .swollenWord, .itch, .woundInflamed].contains(concept)
    }

    /// True when one of `patterns` ends within the 16 scalars before `start`, in the same clause.
    private static func clause(
        before start: Int, in text: UnsafeBufferPointer<UInt32>, containsAnyOf patterns: [[UInt32]]
    ) -> Bool {
        var end = start - 1
        while end >= 0, end >= start - 16, !TextSegments.isClauseBreak(text, at: end) {
            for pattern in patterns where Self.text(text, has: pattern, endingAt: end) { return true }
            end -= 1
        }
        return false
    }

    private static func isNegated(before start: Int, in text: UnsafeBufferPointer<UInt32>) -> Bool {
        var index = start - 1
        var steps = 0
        while index >= 0 && steps < 8 {
            let scalar = text[index]
            if TextSegments.isClauseBreak(text, at: index) { return false }
            if isEnglishWordScalar(scalar) { return hasEnglishNegation(endingAt: index, in: text) }
            if negationCues.contains(scalar) {
                // 有没有 / 是不是 / 会不会: a question, not a denial.
                if index > 0, index + 1 < text.count, text[index - 1] == text[index + 1] { return false }
                // 特别 / 分别 / 区别 / 个别 end in 别 but deny nothing.
                if scalar == 0x522B, index > 0, notNegatingBeforeBie.contains(text[index - 1]) { return false }
                // 是否 / 能否 / 可否: likewise.
                if scalar == 0x5426, index > 0, questionBeforeFou.contains(text[index - 1]) { return false }
                return true
            }
            guard negationFillers.contains(scalar) else { return false }
            index -= 1
            steps += 1
        }
        return false
    }

    /// True when one of the (up to three) English words ending at `end` is a negation: "no bleeding",
    /// "i don't have a fever".
    private static func hasEnglishNegation(endingAt end: Int, in text: UnsafeBufferPointer<UInt32>) -> Bool {
        var index = end
        for _ in 0..<3 {
            while index >= 0, text[index] == 0x20 { index -= 1 }
            guard index >= 0, isEnglishWordScalar(text[index]) else { return false }
            var hash = fnvOffset
            var wordStart = index
            while wordStart > 0, isEnglishWordScalar(text[wordStart - 1]) { wordStart -= 1 }
            for position in wordStart...index { hash = (hash ^ UInt64(text[position])) &* fnvPrime }
            if englishNegations.contains(hash) { return true }
            index = wordStart - 1
        }
        return false
    }

    // MARK: - Helpers

    private static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    private static func wordHash(_ scalars: [UInt32]) -> UInt64 {
        scalars.reduce(fnvOffset) { ($0 ^ UInt64($1)) &* fnvPrime }
    }

    @inline(__always)
    private static func isEnglishWordScalar(_ scalar: UInt32) -> Bool {
        TextScalars.isASCIIWordChar(scalar) || scalar == 0x27
    }

    @inline(__always)
    static func text(_ text: UnsafeBufferPointer<UInt32>, has pattern: [UInt32], at start: Int) -> Bool {
        guard start >= 0, start + pattern.count <= text.count else { return false }
        for (offset, scalar) in pattern.enumerated() where text[start + offset] != scalar { return false }
        return true
    }

    @inline(__always)
    static func text(_ text: UnsafeBufferPointer<UInt32>, has pattern: [UInt32], endingAt end: Int) -> Bool {
        Self.text(text, has: pattern, at: end - pattern.count + 1)
    }

    private static func scalarSet(_ characters: String) -> Set<UInt32> {
        Set(characters.unicodeScalars.map { TextScalars.normalize($0.value) })
    }
}
