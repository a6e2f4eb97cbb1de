import Foundation

/// Writes the reply body of the local backend from retrieved passages, in the voice that suits
/// who is asking: plain "你" for mothers, how-to-help for family members, clinical for doctors.
///
/// It only rephrases what the knowledge base says; with no passages it says so plainly and
/// points to a clinician instead of inventing an answer. The triage instruction and the
/// disclaimer (`SafetyText.disclaimer`) are added by the workflow, not here; when triage is not
/// routine the body only adds a line saying it must not delay seeking care.
public struct LocalAnswerComposer: Sendable {
    /// Extra passages are mentioned only briefly, and at most this many.
    static let maximumRelated = 2
    /// How much of the question is echoed in the no-match reply.
    static let echoedQuestionLength = 30

    public init() {}

    public func compose(
        question: String, userType: UserType, passages: [RetrievedPassage], triage: TriageAssessment
    ) -> String {
        var parts: [String] = []
        if triage.level != .routine { parts.append(Self.careFirstLine(for: userType)) }
        guard let main = passages.first?.entry else {
            parts.append(Self.noMatch(question: question, userType: userType))
            return parts.joined(separator: "\n\n")
        }
        guard Retriever.isConfident(passages) else {
            parts.append(Self.choices(passages.map(\.entry), userType: userType))
            return parts.joined(separator: "\n\n")
        }
        let related = passages.dropFirst().prefix(Self.maximumRelated).map(\.entry)
        switch userType {
        case .pregnant_mother, .postpartum_mother:
            parts.append("关于「\(main.title)」，这些信息可以帮到你：\n\(main.answer)")
            if !related.isEmpty {
                parts.append(
                    "你可能还想了解：\n"
                        + related.map { "· \($0.title)：\(Self.firstSentence($0.answer))" }.joined(separator: "\n"))
            }
            parts.append(
                userType == .pregnant_mother
                    ? "如果情况有变化或你拿不准，请告诉你的产检医生；感觉不对劲时，不用等到下次产检再去医院。"
                    : "如果情况有变化或你拿不准，请联系你的产科医生，也可以在产后复查时提出来；感觉不对劲时请及时就医。")
        case .family_member:
            parts.append("作为家人，你的陪伴和细心观察对她很重要。关于「\(main.title)」：")
            parts.append("你可以这样帮她：\(main.familyTip ?? Self.genericFamilyTip)")
            parts.append("需要了解的要点（原文是写给孕产妇本人的，可以和她一起看）：\n\(main.answer)")
            if !related.isEmpty {
                parts.append(
                    "相关内容：\n" + related.map { "· \($0.title)：\(Self.firstSentence($0.answer))" }.joined(separator: "\n")
                )
            }
            parts.append("如果她出现任何让你担心的变化，请陪她尽早就医，不要替她硬扛，也不要劝她再等等看。")
        case .doctor:
            parts.append("临床要点（\(main.title)）：\n\(main.clinicalNote ?? "本条目暂无专门的临床摘要，以下为患者教育内容。")")
            parts.append("患者教育要点：\n\(main.answer)")
            parts.append("依据：\(Self.citation(main))")
            if !related.isEmpty {
                parts.append("相关条目：" + related.map { "\($0.title)（\($0.source.name)）" }.joined(separator: "；"))
            }
            parts.append("以上为离线知识库要点汇总，请结合患者具体情况、当地指南和临床判断使用。")
        }
        return parts.joined(separator: "\n\n")
    }

    // MARK: - Wording

    static let genericFamilyTip = "多陪伴、多倾听，帮她分担家务和照顾宝宝的工作，留意她的身体和情绪变化，需要时陪她就医。"

    private static func careFirstLine(for userType: UserType) -> String {
        switch userType {
        case .pregnant_mother, .postpartum_mother:
            "请先按照上面的提示就医。下面的内容只作补充参考，不要因为阅读它而耽误时间。"
        case .family_member:
            "请先按照上面的提示，马上陪她就医。下面的内容只作补充参考，不要因此耽误时间。"
        case .doctor:
            "提示：所述情况含危险信号，需立即临床评估；以下内容仅供参考。"
        }
    }

    private static func noMatch(question: String, userType: UserType) -> String {
        let echoed = echo(question)
        let about = echoed.isEmpty ? "这个问题" : "「\(echoed)」"
        switch userType {
        case .pregnant_mother, .postpartum_mother:
            return
                "抱歉，我的本地知识库里没有找到与\(about)相关的内容。为了不给你不可靠的信息，我不做猜测。建议你把这个问题告诉你的产检医生或产科医生，也可以拨打就诊医院的咨询电话。你也可以换个说法再问，比如说明具体症状、孕周或产后天数。"
        case .family_member:
            return "抱歉，我的本地知识库里没有找到与\(about)相关的内容，我不做猜测。建议你陪她向产检医生或产科医生咨询，也可以拨打就诊医院的咨询电话。你也可以换个说法再问，比如说明她的具体症状、孕周或产后天数。"
        case .doctor:
            return "本地知识库中没有与\(about)匹配的条目，不提供推测性信息。请参考相关临床指南或咨询专科同事。"
        }
    }

    /// When two or three topics fit about equally: say so and let the asker pick, instead of pretending.
    private static func choices(_ entries: [KnowledgeEntry], userType: UserType) -> String {
        let list = entries.enumerated().map {
            "\($0.offset + 1). \($0.element.title)：\(firstSentence($0.element.answer))"
        }
        .joined(separator: "\n")
        switch userType {
        case .doctor:
            return "无法确定所问的是哪个主题，以下条目最接近，请说明具体想了解哪一项：\n\(list)"
        case .pregnant_mother, .postpartum_mother, .family_member:
            return "我不太确定你问的是下面哪一个方面，为了不答非所问，先列出最接近的几项：\n\(list)\n请告诉我你想了解哪一项，或者把情况说得具体一点（比如症状、孕周或产后天数），我再详细回答。"
        }
    }

    /// The question on one line, cut to a readable length.
    private static func echo(_ question: String) -> String {
        let flat = question.split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        return flat.count > echoedQuestionLength ? String(flat.prefix(echoedQuestionLength)) + "…" : flat
    }

    /// The first sentence of an answer (through the first 。), for short "see also" lines.
    static func firstSentence(_ text: String) -> String {
        guard let stop = text.firstIndex(of: "。") else { return text }
        return String(text[...stop])
    }

    private static func citation(_ entry: KnowledgeEntry) -> String {
        if let url = entry.source.url, !url.isEmpty { return "\(entry.source.name)（\(url)）" }
        return entry.source.name
    }
}
