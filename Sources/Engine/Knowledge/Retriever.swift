import Foundation

/// Finds the knowledge-base entries that best answer a question, offline and deterministically.
///
/// Why this shape: Chinese has no spaces, so terms are character unigrams and bigrams (plus
/// lower-cased ASCII words for mixed text such as "OGTT" or "B超"). Entries are scored with
/// BM25 over one virtual document per entry in which the title and keywords count more than
/// the answer (BM25F-style field weights). Everything that does not depend on the query —
/// term ids, idf, field-weighted term frequencies, length normalisation — is folded into one
/// weight per (term, entry) posting at init, so a search is: normalise scalars, look up
/// integer term codes, add posting weights into a stack buffer, pick the top few.
/// A search allocates only its result array.
public struct Retriever: Sendable {
    /// Field weights: a match in the title or keywords says more about the topic than one in the answer.
    static let titleWeight = 3.0
    static let keywordWeight = 2.5
    static let termWeight = 2.0
    static let exampleWeight = 1.0
    static let answerWeight = 1.0
    /// An entry written for the other stage keeps this share of its score: it answers only when
    /// nothing for her stage comes close (哺乳期做CT is answered from the imaging entry).
    static let otherStageFactor = 0.25
    /// A follow-up ("那…呢", "能吃什么缓解") is read with the previous question at this weight.
    static let previousQuestionWeight = 1.0
    /// A short question is read with the previous one: fully when it reads as a follow-up (那…,
    /// …呢, 还要…), otherwise less the more topic it names itself (its best topic score against this).
    static let minimumPreviousShare = 0.25
    static let followUpTopicScore = 20.0
    static let followUpCues = [
        "那", "呢", "还要", "还能", "还会", "这个", "这种", "这样", "缓解", "多久", "what about", "how long", "and if",
    ]
    /// Questions up to this long may be follow-ups; longer ones name their topic.
    static let followUpLength = 22
    /// BM25 saturation and length normalisation.
    static let k1 = 1.2
    static let b = 0.5
    /// A shared single character is weak evidence; a shared bigram or word is strong.
    static let unigramFactor = 0.3
    static let bigramFactor = 1.0
    static let wordFactor = 1.0
    /// Context bigrams (孕妇, 产后…; see `RetrievalVocabulary`) help ranking at reduced weight.
    static let contextFactor = 0.5
    /// Below this the best match is noise (e.g. "今天股市怎么样" shares only a character or two).
    static let minimumScore = 3.0
    /// The best entry must also match this much on its title, keywords, terms or examples (measured
    /// against off-topic questions, which must find nothing): a question that only
    /// shares an incidental answer word ("推荐", "手机") with an entry is not about that entry.
    static let minimumTopicScore = 5.0
    /// Further passages must score at least this fraction of the best one, so the extras stay on topic.
    static let relativeCutoff = 0.4
    /// When the runner-up scores at least this fraction of the best, which topic is meant is not
    /// clear: the answer offers the likeliest entries as choices instead of picking one (measured on
    /// the retrieval evaluation set, see BENCHMARKS.md).
    static let ambiguityRatio = 0.9

    private let entries: [KnowledgeEntry]
    /// Term code → dense term id.
    private let termIDs: [UInt64: Int32]
    /// Postings of term `t` are `postingEntry[postingStart[t] ..< postingStart[t + 1]]`.
    private let postingStart: [Int32]
    private let postingEntry: [Int32]
    private let postingWeight: [Double]
    /// The part of `postingWeight` that comes from the title and keywords (the entry's topic).
    private let postingTopicWeight: [Double]

    public init(knowledgeBase: KnowledgeBase) {
        let entries = knowledgeBase.entries
        var termFrequencies: [[UInt64: Double]] = []
        var topicFrequencies: [[UInt64: Double]] = []
        var lengths: [Double] = []
        termFrequencies.reserveCapacity(entries.count)
        for entry in entries {
            var frequencies: [UInt64: Double] = [:]
            var topic: [UInt64: Double] = [:]
            var length = 0.0
            func add(_ text: String, weight: Double, isTopic: Bool, unigramsTopical: Bool = true) {
                NGramTokenizer.forEachTerm(in: TriageText.foldedText(text)) { code in
                    if RetrievalVocabulary.isStopTerm(code) { return }
                    frequencies[code, default: 0] += weight
                    let topical = unigramsTopical || NGramTokenizer.kind(of: code) != .unigram
                    if isTopic && topical && RetrievalVocabulary.isTopical(code) { topic[code, default: 0] += weight }
                    length += weight
                }
            }
            add(entry.title, weight: Self.titleWeight, isTopic: true)
            for keyword in entry.keywords { add(keyword, weight: Self.keywordWeight, isTopic: true) }
            for term in entry.terms ?? [] { add(term, weight: Self.termWeight, isTopic: true) }
            // An example's single characters say little about its topic; its bigrams and words do.
            for example in entry.examples ?? [] {
                add(example, weight: Self.exampleWeight, isTopic: true, unigramsTopical: false)
            }
            add(entry.answer, weight: Self.answerWeight, isTopic: false)
            termFrequencies.append(frequencies)
            topicFrequencies.append(topic)
            lengths.append(length)
        }

        var documentFrequency: [UInt64: Int] = [:]
        for frequencies in termFrequencies {
            for code in frequencies.keys { documentFrequency[code, default: 0] += 1 }
        }
        let count = Double(max(entries.count, 1))
        let averageLength = max(lengths.reduce(0, +) / count, 1)

        // Dense, deterministic term ids; postings are laid out term by term, each run in entry order.
        let codes = documentFrequency.keys.sorted()
        var termIDs = [UInt64: Int32](minimumCapacity: codes.count)
        var postingStart = [Int32](repeating: 0, count: codes.count + 1)
        for (termID, code) in codes.enumerated() {
            termIDs[code] = Int32(termID)
            postingStart[termID + 1] = postingStart[termID] + Int32(documentFrequency[code] ?? 0)
        }
        let postingCount = Int(postingStart[codes.count])
        var cursor = postingStart
        var postingEntry = [Int32](repeating: 0, count: postingCount)
        var postingWeight = [Double](repeating: 0, count: postingCount)
        var postingTopicWeight = [Double](repeating: 0, count: postingCount)
        for (index, frequencies) in termFrequencies.enumerated() {
            let norm = Self.k1 * (1 - Self.b + Self.b * lengths[index] / averageLength)
            for (code, tf) in frequencies {
                guard let termID = termIDs[code] else { continue }
                let df = Double(documentFrequency[code] ?? 0)
                let idf = log(1 + (count - df + 0.5) / (df + 0.5))
                let weight = Self.kindFactor(code) * idf * tf * (Self.k1 + 1) / (tf + norm)
                let slot = Int(cursor[Int(termID)])
                cursor[Int(termID)] += 1
                postingEntry[slot] = Int32(index)
                postingWeight[slot] = weight
                postingTopicWeight[slot] = weight * (topicFrequencies[index][code] ?? 0) / tf
            }
        }

        self.entries = entries
        self.termIDs = termIDs
        self.postingStart = postingStart
        self.postingEntry = postingEntry
        self.postingWeight = postingWeight
        self.postingTopicWeight = postingTopicWeight
    }

    /// How much one match of this kind of term is worth relative to a bigram.
    private static func kindFactor(_ code: UInt64) -> Double {
        switch NGramTokenizer.kind(of: code) {
        case .unigram: unigramFactor
        case .bigram: RetrievalVocabulary.contextBigrams.contains(code) ? contextFactor : bigramFactor
        case .word: wordFactor
        }
    }

    /// The best passages for `query`, best first, at most `limit`; `[]` when nothing is relevant
    /// enough, so callers answer "not in the knowledge base" instead of something off-topic.
    /// `stage` (from triage: the text first, then the asker) strongly demotes entries written for the
    /// other stage, so antepartum bleeding is never answered from the postpartum haemorrhage entry.
    /// `previous` is the chat's last question: a short follow-up ("那…呢", "能吃什么缓解") that names
    /// no topic of its own is read in its light.
    public func search(
        _ query: String, stage: PregnancyStage? = nil, previous: String? = nil, limit: Int = 3
    ) -> [RetrievedPassage] {
        guard limit > 0, !entries.isEmpty, !termIDs.isEmpty else { return [] }
        let wordCount = (postingStart.count - 1 + 63) >> 6
        let question = TriageText.foldedText(query)
        let context = previous.flatMap { question.count <= Self.followUpLength ? TriageText.foldedText($0) : nil }
        let cued = Self.followUpCues.contains { question.contains($0) }
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: wordCount) { seen in
            // scores[0..<n]: total score per entry; scores[n..<2n]: the title/keyword part.
            let count = entries.count
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: count * 2) { scores in
                scores.initialize(repeating: 0)
                seen.initialize(repeating: 0)
                var matchedAny = accumulate(question, factor: 1, into: scores, seen: seen)
                // A short question that names a topic of its own ("孕期能吃螃蟹吗") stands alone.
                let ownTopic = (count..<(2 * count)).reduce(0.0) { max($0, scores[$1]) }
                if let context {
                    // The more topic the question names itself, the less the previous one counts.
                    let share = cued ? 1 : max(Self.minimumPreviousShare, 1 - ownTopic / Self.followUpTopicScore)
                    seen.initialize(repeating: 0)
                    matchedAny =
                        accumulate(context, factor: Self.previousQuestionWeight * share, into: scores, seen: seen)
                        || matchedAny
                }
                guard matchedAny else { return [] }
                for index in entries.indices where !(entries[index].stage ?? .any).fits(stage) {
                    scores[index] *= Self.otherStageFactor
                    scores[count + index] *= Self.otherStageFactor
                }
                return topPassages(scores, limit: limit)
            }
        }
    }

    /// Whether the best passage stands clearly above the next; false when two topics are about as likely.
    public static func isConfident(_ passages: [RetrievedPassage]) -> Bool {
        guard passages.count >= 2 else { return true }
        return passages[1].score < passages[0].score * ambiguityRatio
    }

    /// Adds `text`'s posting weights, times `factor`, to `scores` (totals, then topic parts); each
    /// term counts once. True when any term is in the index.
    private func accumulate(
        _ text: String, factor: Double, into scores: UnsafeMutableBufferPointer<Double>,
        seen: UnsafeMutableBufferPointer<UInt64>
    ) -> Bool {
        let count = entries.count
        var matchedAny = false
        postingStart.withUnsafeBufferPointer { start in
            postingEntry.withUnsafeBufferPointer { entryOf in
                postingWeight.withUnsafeBufferPointer { weight in
                    postingTopicWeight.withUnsafeBufferPointer { topicWeight in
                        NGramTokenizer.forEachTerm(in: text) { code in
                            guard let id = termIDs[code] else { return }
                            let term = Int(id)
                            let bit: UInt64 = 1 << UInt64(term & 63)
                            guard seen[term >> 6] & bit == 0 else { return }  // each term counts once
                            seen[term >> 6] |= bit
                            matchedAny = true
                            for posting in Int(start[term])..<Int(start[term + 1]) {
                                let entry = Int(entryOf[posting])
                                scores[entry] += factor * weight[posting]
                                scores[count + entry] += factor * topicWeight[posting]
                            }
                        }
                    }
                }
            }
        }
        return matchedAny
    }

    /// Picks up to `limit` entries above the thresholds, best first (ties: knowledge-base order).
    /// Only entries whose title or keywords match count: a question that shares many answer words
    /// with one entry ("出现…症状…建议") but names another entry's topic (头晕) is about the latter.
    /// `buffer` holds the total scores followed by their title/keyword parts.
    private func topPassages(_ buffer: UnsafeMutableBufferPointer<Double>, limit: Int) -> [RetrievedPassage] {
        let count = entries.count
        let scores = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
        for index in scores.indices where buffer[count + index] < Self.minimumTopicScore {
            scores[index] = -1
        }
        var best = 0.0
        for index in scores.indices where scores[index] > best {
            best = scores[index]
        }
        guard best >= Self.minimumScore else { return [] }
        let floor = max(Self.minimumScore, best * Self.relativeCutoff)
        var result: [RetrievedPassage] = []
        result.reserveCapacity(min(limit, entries.count))
        while result.count < limit {
            var pick = -1
            var pickScore = floor
            for index in scores.indices where scores[index] >= pickScore && (pick < 0 || scores[index] > pickScore) {
                pick = index
                pickScore = scores[index]
            }
            guard pick >= 0 else { break }
            result.append(RetrievedPassage(entry: entries[pick], score: pickScore))
            scores[pick] = -1
        }
        return result
    }
}
