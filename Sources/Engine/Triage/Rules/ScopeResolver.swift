/// Decides which findings happen now. A clause is *not now* when:
/// - its sentence is teaching material (讲课, 考试, 科普);
/// - it is hypothetical (如果/万一/what if, in it or in an earlier clause of its sentence);
/// - its sentence asks for information (是什么, 有哪些, 的原因) and nobody in it is the asker or
///   her patient (我, 老婆, 患者);
/// - its sentence tells of the far past (去年, 上一胎), says a doctor found it resolved
///   (医生看过说没事, 复查正常), or tells of a past event that has settled (上周…好了);
/// - its sentence is someone else's story (闺蜜, 网上, 听说) and the clause does not speak of the
///   asker or her patient, or a relative's story (我表姐…) told by someone asking about herself.
/// A question asked in general, with nobody and no "now" in it (诊断标准是多少？140/90还是130/80？), covers
/// every sentence.
/// A clause that says now (现在, 刚才, 还在, today) always happens now, so reassurance around a sign
/// (她说没事, 应该没什么大事吧) never cancels it. Thoughts of self-harm are not cancelled by a
/// hypothetical in a sentence in the first person: "如果我想死怎么办" still gets the crisis line.
struct ScopeResolver {
    /// Concepts of the hits that happen now, for the whole message and per sentence.
    private(set) var now = ConceptSet()
    private(set) var nowBySentence: [ConceptSet]
    private(set) var nowByClause: [ConceptSet]
    /// Concepts of every hit, whatever its scope (stage cues of a question asked in general).
    private(set) var anywhere = ConceptSet()
    private var clauseIsNow: [Bool]
    private let segments: TextSegments

    init(hits: [ConceptScanner.Hit], segments: TextSegments) {
        self.segments = segments
        var clauseMarkers = [ConceptSet](repeating: ConceptSet(), count: segments.clauseCount)
        var sentenceMarkers = [ConceptSet](repeating: ConceptSet(), count: segments.sentenceCount)
        var messageMarkers = ConceptSet()
        for hit in hits where hit.primary.kind == .marker {
            clauseMarkers[Int(segments.clauseOf[hit.start])].formUnion(hit.concepts)
            sentenceMarkers[Int(segments.sentenceOf[hit.start])].formUnion(hit.concepts)
            messageMarkers.formUnion(hit.concepts)
        }
        // A question asked in general (诊断标准是多少？140/90还是130/80？) covers every sentence of it.
        if messageMarkers.containsAny(Self.generalMarkers), !messageMarkers.containsAny(Self.someoneOrCase),
            !messageMarkers.contains(.present)
        {
            for index in sentenceMarkers.indices { sentenceMarkers[index].formUnion(messageMarkers) }
        }
        let asksForHerself = messageMarkers.containsAny(Self.someone)
        // A hypothetical carries on to the clauses after it in its sentence: 如果破水了，羊水是绿的，…
        var hypothetical = [Bool](repeating: false, count: segments.clauseCount)
        var clauseIsNow = [Bool](repeating: true, count: segments.clauseCount)
        var clauseSentence = [Int](repeating: 0, count: segments.clauseCount)
        for index in segments.clauseOf.indices {
            clauseSentence[Int(segments.clauseOf[index])] = Int(segments.sentenceOf[index])
        }
        for clause in 0..<segments.clauseCount {
            let sentence = clauseSentence[clause]
            let markers = clauseMarkers[clause]
            let inSentence = sentenceMarkers[sentence]
            // 先问问/备着 (asking ahead) makes the whole message a hypothetical.
            hypothetical[clause] =
                markers.contains(.hypothetical) || messageMarkers.contains(.askingAhead)
                || (clause > 0 && clauseSentence[clause - 1] == sentence && hypothetical[clause - 1])
            clauseIsNow[clause] = Self.isNow(
                clause: markers, sentence: inSentence, hypothetical: hypothetical[clause],
                asksForHerself: asksForHerself)
        }
        self.clauseIsNow = clauseIsNow
        nowBySentence = [ConceptSet](repeating: ConceptSet(), count: segments.sentenceCount)
        nowByClause = [ConceptSet](repeating: ConceptSet(), count: segments.clauseCount)
        for hit in hits {
            anywhere.formUnion(hit.concepts)
            let clause = Int(segments.clauseOf[hit.start])
            var happensNow = clauseIsNow[clause]
            if !happensNow, hit.primary == .selfHarm, hypothetical[clause],
                sentenceMarkers[clauseSentence[clause]].contains(.firstPerson)
            {
                happensNow = Self.isNow(
                    clause: clauseMarkers[clause], sentence: sentenceMarkers[clauseSentence[clause]],
                    hypothetical: false,
                    asksForHerself: asksForHerself)
            }
            // Paranoia names other people (邻居在装监控监视她): that is the sign, not someone else's story.
            if !happensNow, hit.primary == .psychosis {
                var markers = sentenceMarkers[clauseSentence[clause]]
                markers.remove(.thirdParty)
                happensNow = Self.isNow(
                    clause: clauseMarkers[clause], sentence: markers, hypothetical: hypothetical[clause],
                    asksForHerself: asksForHerself)
            }
            guard happensNow else { continue }
            now.formUnion(hit.concepts)
            nowBySentence[Int(segments.sentenceOf[hit.start])].formUnion(hit.concepts)
            nowByClause[clause].formUnion(hit.concepts)
        }
    }

    /// Whether a finding at `position` happens now.
    func isNow(at position: Int) -> Bool {
        position < segments.clauseOf.count && clauseIsNow[Int(segments.clauseOf[position])]
    }

    private static let generalMarkers = ConceptSet([.informational, .teaching])
    /// The asker or her patient, named.
    private static let someone = ConceptSet([.personal, .firstPerson])
    /// …or one woman's case given by its numbers (孕34周, 产后第5天): not a question in general.
    private static let someoneOrCase = ConceptSet([.personal, .firstPerson, .specificCase])
    private static let past = ConceptSet([.recentPast, .farPast])

    private static func isNow(clause: ConceptSet, sentence: ConceptSet, hypothetical: Bool, asksForHerself: Bool)
        -> Bool
    {
        // 上礼拜见红了去医院看了说没事现在没有了: the 现在 is about the resolution.
        let resolvedHere = clause.containsAny(past) && clause.containsAny(ConceptSet([.resolved, .settled]))
        if clause.contains(.present), !resolvedHere { return true }
        if sentence.contains(.teaching) { return false }
        if hypothetical { return false }
        if clause.contains(.informational), !clause.containsAny(someone) { return false }
        if sentence.contains(.informational), !sentence.containsAny(someoneOrCase) { return false }
        if sentence.contains(.farPast) { return false }
        if sentence.contains(.resolved) { return false }
        if sentence.containsAny(past), sentence.contains(.settled) { return false }
        if sentence.contains(.thirdParty), !clause.containsAny(someone) { return false }
        // 我表姐生完第二天抽搐了…我现在孕30周: a relative's story told by someone asking about herself.
        if sentence.contains(.relative), !clause.containsAny(someone), asksForHerself { return false }
        return true
    }
}
