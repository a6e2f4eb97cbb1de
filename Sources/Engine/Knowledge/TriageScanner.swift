/// The danger-sign rules compiled for scanning: one trie of all phrasings plus per-phrase tables.
/// A scan normalises the text into a stack buffer once, then walks it left to right taking the
/// longest acceptable phrase at each position. Around each hit it looks at the same clause only:
/// - benign contexts reject it (牙龈出血, 小腿抽搐, 手心发热), and a shorter phrase is tried;
/// - a negation cue before it (没有出血, 不发烧, no bleeding) cancels it, unless the cue is part of
///   an A-not-A question (有没有出血, 是不是破水) or 是否, which still asks about a real worry.
/// Temperatures written as numbers (体温38.5, 39度) count as fever from 38 ℃.
struct TriageScanner: Sendable {
    /// Which signs were found, as bits over `signs` indices, and which of those at emergency level.
    struct Findings: Sendable, Equatable {
        var found: UInt64 = 0
        var emergency: UInt64 = 0

        mutating func record(sign: Int, level: TriageLevel) {
            found |= 1 << UInt64(sign)
            if level == .emergency { emergency |= 1 << UInt64(sign) }
        }
    }

    private enum Outcome { case accepted, negated, rejected }

    let signs: [DangerSign]
    private let trie: PhraseTrie
    private let phraseSign: [Int]
    private let phraseLevel: [TriageLevel]
    private let phraseLength: [Int]
    private let phraseNotFollowedBy: [[[UInt32]]]
    private let phraseNotAfter: [[[UInt32]]]
    private let phraseNeedsWordStart: [Bool]
    private let phraseNeedsBefore: [[[UInt32]]]
    private let signNegatable: [Bool]
    private let feverSign: Int?
    /// Every phrase text, for tests (duplicates, normalisation).
    let phraseTexts: [String]

    /// Negation cues: 没/无/不/未/非/别/否/勿/莫, and 防/免/止 (预防、避免、防止 = not happening).
    private static let negationCues = scalarSet("没沒无無不未非别否勿莫防免止")
    /// Words that may sit between a cue and the phrase: 没有任何出血, 并没有感觉到头痛得厉害.
    private static let negationFillers = scalarSet("有见再出现任何明显感觉到发生过也都还太什么一点些啥怎并从来曾经 ")
    /// Words skipped before checking a benign context: 牙龈经常出血, 刷牙的时候有点出血.
    private static let contextFillers = scalarSet("有点一些少量会很也都还经常老是总时候的在又就容易偶尔 ")
    private static let questionBeforeFou = scalarSet("是能可")
    private static let englishNegations: Set<UInt64> = Set(
        ["no", "not", "never", "without", "dont", "don't", "didnt", "didn't", "isnt", "isn't", "havent", "haven't",
         "hasnt", "hasn't", "nor", "deny", "denies", "none"].map { wordHash(TextScalars.normalizedScalars($0)) })
    private static let feverContexts = ["体温", "烧到", "烧了", "发烧", "发热", "温度", "高烧", "测了"].map(TextScalars.normalizedScalars)
    private static let temperatureUnits = scalarSet("度℃°摄")

    init(signs: [DangerSign]) {
        var patterns: [[UInt32]] = []
        var phraseSign: [Int] = []
        var phraseLevel: [TriageLevel] = []
        var phraseNotFollowedBy: [[[UInt32]]] = []
        var phraseNotAfter: [[[UInt32]]] = []
        var phraseNeedsWordStart: [Bool] = []
        var phraseNeedsBefore: [[[UInt32]]] = []
        var phraseTexts: [String] = []
        for (signIndex, sign) in signs.enumerated() {
            let excluded = sign.excludedAfter.map(TextScalars.normalizedScalars)
            for phrase in sign.phrases {
                let scalars = TextScalars.normalizedScalars(phrase.text)
                patterns.append(scalars)
                phraseTexts.append(phrase.text)
                phraseSign.append(signIndex)
                phraseLevel.append(phrase.level ?? sign.level)
                phraseNotFollowedBy.append(phrase.notFollowedBy.map(TextScalars.normalizedScalars))
                phraseNotAfter.append(excluded + phrase.notAfter.map(TextScalars.normalizedScalars))
                phraseNeedsWordStart.append(scalars.first.map(TextScalars.isASCIIWordChar) ?? false)
                phraseNeedsBefore.append(phrase.needsBefore.map(TextScalars.normalizedScalars))
            }
        }
        precondition(signs.count <= 64, "at most 64 danger signs fit the findings bit sets")
        self.signs = signs
        self.trie = PhraseTrie(patterns: patterns)
        self.phraseSign = phraseSign
        self.phraseLevel = phraseLevel
        self.phraseLength = patterns.map(\.count)
        self.phraseNotFollowedBy = phraseNotFollowedBy
        self.phraseNotAfter = phraseNotAfter
        self.phraseNeedsWordStart = phraseNeedsWordStart
        self.phraseNeedsBefore = phraseNeedsBefore
        self.signNegatable = signs.map(\.negatable)
        self.feverSign = signs.firstIndex { $0.code == DangerSigns.feverCode }
        self.phraseTexts = phraseTexts
    }

    /// Phrases that repeat an earlier one (a rules bug; tests assert there are none).
    var duplicatePhrases: [String] { trie.duplicatePatterns.map { phraseTexts[$0] } }

    func scan(_ text: String) -> Findings {
        var findings = Findings()
        let capacity = text.utf8.count
        guard capacity > 0 else { return findings }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { storage in
            var length = 0
            for scalar in text.unicodeScalars {
                storage[length] = TextScalars.normalize(scalar.value)
                length += 1
            }
            let buffer = UnsafeBufferPointer(rebasing: storage[0..<length])
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(trie.maximumLength, 1)) { found in
                var position = 0
                while position < length {
                    var advanced = false
                    var candidate = trie.matches(in: buffer, at: position, into: found) - 1
                    while candidate >= 0 {  // longest first; fall back to shorter ones when rejected
                        let phrase = Int(found[candidate])
                        let outcome = evaluate(phrase, at: position, in: buffer)
                        if outcome == .rejected {
                            candidate -= 1
                            continue
                        }
                        if outcome == .accepted { findings.record(sign: phraseSign[phrase], level: phraseLevel[phrase]) }
                        position += phraseLength[phrase]
                        advanced = true
                        break
                    }
                    if !advanced {
                        if let feverSign, isFeverReading(at: position, in: buffer) {
                            findings.record(sign: feverSign, level: .urgent)
                        }
                        position += 1
                    }
                }
            }
        }
        return findings
    }

    // MARK: - Context rules

    private func evaluate(_ phrase: Int, at start: Int, in text: UnsafeBufferPointer<UInt32>) -> Outcome {
        let end = start + phraseLength[phrase]
        if phraseNeedsWordStart[phrase], start > 0, TextScalars.isASCIIWordChar(text[start - 1]) { return .rejected }
        for suffix in phraseNotFollowedBy[phrase] where Self.text(text, has: suffix, at: end) { return .rejected }
        let exclusions = phraseNotAfter[phrase]
        if !exclusions.isEmpty {
            // Right before the phrase (还没有胎动), then past fillers (刷牙的时候有点出血).
            var index = start - 1
            for context in exclusions where Self.text(text, has: context, endingAt: index) { return .rejected }
            while index >= 0, Self.contextFillers.contains(text[index]) { index -= 1 }
            if index >= 0, index < start - 1, !TextScalars.isClauseBreak(text[index]) {
                for context in exclusions where Self.text(text, has: context, endingAt: index) { return .rejected }
            }
        }
        let subjects = phraseNeedsBefore[phrase]
        if !subjects.isEmpty && !Self.clause(before: start, in: text, containsAnyOf: subjects) { return .rejected }
        if signNegatable[phraseSign[phrase]] && Self.isNegated(before: start, in: text) { return .negated }
        return .accepted
    }

    /// True when one of `patterns` ends within the 16 scalars before `start`, in the same clause.
    private static func clause(
        before start: Int, in text: UnsafeBufferPointer<UInt32>, containsAnyOf patterns: [[UInt32]]
    ) -> Bool {
        var end = start - 1
        while end >= 0, end >= start - 16, !TextScalars.isClauseBreak(text[end]) {
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
            if TextScalars.isClauseBreak(scalar) { return false }
            if isEnglishWordScalar(scalar) { return hasEnglishNegation(endingAt: index, in: text) }
            if negationCues.contains(scalar) {
                // 有没有 / 是不是 / 会不会: a question, not a denial.
                if index > 0, index + 1 < text.count, text[index - 1] == text[index + 1] { return false }
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

    /// A number from 38 to 43 written as a temperature: followed by 度/℃/°, or after 体温/发烧/烧到…
    private func isFeverReading(at start: Int, in text: UnsafeBufferPointer<UInt32>) -> Bool {
        guard TextScalars.isDigit(text[start]) else { return false }
        if start > 0, TextScalars.isDigit(text[start - 1]) || text[start - 1] == 0x2E { return false }
        var index = start
        var whole = 0
        while index < text.count, TextScalars.isDigit(text[index]) {
            whole = whole * 10 + Int(text[index] - 0x30)
            index += 1
            if index - start > 3 { return false }
        }
        var value = Double(whole)
        if index + 1 < text.count, text[index] == 0x2E, TextScalars.isDigit(text[index + 1]) {
            value += Double(text[index + 1] - 0x30) / 10
            index += 2
            while index < text.count, TextScalars.isDigit(text[index]) { index += 1 }
        }
        guard value >= 38, value <= 43 else { return false }
        while index < text.count, text[index] == 0x20 { index += 1 }
        let hasUnit = index < text.count && Self.temperatureUnits.contains(text[index])
        var hasContext = false
        var contextEnd = start - 1
        while contextEnd >= 0, contextEnd >= start - 5, !TextScalars.isClauseBreak(text[contextEnd]) {
            if Self.feverContexts.contains(where: { Self.text(text, has: $0, endingAt: contextEnd) }) {
                hasContext = true
                break
            }
            contextEnd -= 1
        }
        guard hasUnit || hasContext else { return false }
        // 体温不到38度 / 没超过38度
        var back = start - 1
        while back >= 0, back >= start - 3, !TextScalars.isClauseBreak(text[back]) {
            if Self.negationCues.contains(text[back]) { return false }
            back -= 1
        }
        return true
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
    private static func text(_ text: UnsafeBufferPointer<UInt32>, has pattern: [UInt32], at start: Int) -> Bool {
        guard start + pattern.count <= text.count else { return false }
        for (offset, scalar) in pattern.enumerated() where text[start + offset] != scalar { return false }
        return true
    }

    @inline(__always)
    private static func text(_ text: UnsafeBufferPointer<UInt32>, has pattern: [UInt32], endingAt end: Int) -> Bool {
        let start = end - pattern.count + 1
        return start >= 0 && Self.text(text, has: pattern, at: start)
    }

    private static func scalarSet(_ characters: String) -> Set<UInt32> {
        Set(characters.unicodeScalars.map { TextScalars.normalize($0.value) })
    }
}
