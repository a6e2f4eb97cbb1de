/// Where a knowledge-base entry comes from (WHO, ACOG, NICE, Chinese national guidelines…).
public struct KnowledgeSource: Codable, Sendable, Equatable, Hashable {
    public var name: String
    public var url: String?

    public init(name: String, url: String?) {
        self.name = name
        self.url = url
    }
}

/// One entry of the bundled maternal-health knowledge base.
public struct KnowledgeEntry: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var title: String
    public var keywords: [String]
    public var answer: String
    public var source: KnowledgeSource
    /// Optional how-to-help wording for family members (JSON `family_tip`); lets answers adapt to `user_type`.
    public var familyTip: String?
    /// Optional clinical summary for doctors (JSON `clinical_note`).
    public var clinicalNote: String?
    /// How people ask about the topic, written for this project (JSON `examples`): paraphrases that
    /// do not use the keywords ("站起来眼前发黑" for dizziness), clinical and English phrasings.
    public var examples: [String]?
    /// Further names people use for the topic: slang, clinical terms, abbreviations, English (JSON `terms`).
    public var terms: [String]?
    /// Whom the entry is about: `pregnancy`, `postpartum` or `any` (JSON `stage`; absent means any).
    /// Retrieval never answers a pregnant woman from a postpartum-only entry, or the reverse.
    public var stage: KnowledgeStage?

    private enum CodingKeys: String, CodingKey {
        case id, title, keywords, answer, source
        case familyTip = "family_tip"
        case clinicalNote = "clinical_note"
        case examples, terms, stage
    }

    public init(id: String, title: String, keywords: [String], answer: String, source: KnowledgeSource) {
        self.id = id
        self.title = title
        self.keywords = keywords
        self.answer = answer
        self.source = source
    }

    public init(
        id: String, title: String, keywords: [String], answer: String, source: KnowledgeSource,
        familyTip: String?, clinicalNote: String?
    ) {
        self.init(id: id, title: title, keywords: keywords, answer: answer, source: source)
        self.familyTip = familyTip
        self.clinicalNote = clinicalNote
    }
}

/// The stage a knowledge-base entry is written for.
public enum KnowledgeStage: String, Codable, Sendable {
    case pregnancy, postpartum, any

    /// Whether the entry may answer someone at `stage` (unknown stage: every entry may).
    public func fits(_ stage: PregnancyStage?) -> Bool {
        switch (self, stage) {
        case (.pregnancy, .postpartum?), (.postpartum, .pregnant?): false
        default: true
        }
    }
}

/// A retrieved entry with its relevance score.
public struct RetrievedPassage: Sendable, Equatable {
    public var entry: KnowledgeEntry
    public var score: Double

    public init(entry: KnowledgeEntry, score: Double) {
        self.entry = entry
        self.score = score
    }
}

/// A citation attached to an assistant reply.
public struct Reference: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var source: String
    public var url: String?

    public init(id: String, title: String, source: String, url: String?) {
        self.id = id
        self.title = title
        self.source = source
        self.url = url
    }

    public init(_ entry: KnowledgeEntry) {
        self.init(id: entry.id, title: entry.title, source: entry.source.name, url: entry.source.url)
    }
}
