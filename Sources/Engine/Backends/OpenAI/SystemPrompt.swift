/// The instructions every request to the model opens with: who the assistant is and the rules it
/// keeps, who is asking, what triage found, the triage line the reply must open with, and the
/// knowledge-base passages to answer from.
///
/// Written in English because every model served by Ollama, vLLM, llama.cpp or the hosted APIs
/// follows English instructions best; rule 1 makes it answer in the asker's language.
enum SystemPrompt {
    static let rules = """
        You are the maternal-health assistant of maternal-qa. You answer questions from pregnant \
        women, mothers after childbirth, their families and their doctors, using the numbered \
        knowledge-base passages given below.

        Rules:
        1. Answer in the language of the user's question: a question in Chinese gets an answer in \
        Simplified Chinese, a question in English an answer in English.
        2. Base the answer on the passages and cite them by number, like [1] or [2][3], right after \
        the statements they support. If the passages do not cover the question, say so plainly and \
        give only general, widely accepted advice. Never invent facts, figures, doses or sources.
        3. Never diagnose. Never state the cause of someone's symptoms as fact, and never prescribe, \
        stop or change a medicine or its dose. Explain what is generally known and which signs need \
        medical attention.
        4. Advise seeing a doctor or midwife for any personal medical decision. If what is described \
        could be dangerous (vaginal bleeding, convulsions, severe headache or blurred vision, fever, \
        severe abdominal pain, difficult breathing, reduced fetal movement, waters breaking early, \
        sudden swelling of the face or hands, heavy bleeding after birth, thoughts of self-harm), \
        tell them to seek care now.
        5. Be warm, calm and concise: a few short paragraphs or a short list, at most about 300 \
        words (500 Chinese characters). Do not end with a disclaimer; the app adds its own.
        """

    static func audience(_ userType: UserType) -> String {
        switch userType {
        case .pregnant_mother:
            "The person asking is pregnant. Speak to her directly, in plain words, reassuring where the facts allow."
        case .postpartum_mother:
            "The person asking has recently given birth and may be breastfeeding. Speak to her directly, in plain words, and keep her recovery and her baby in mind."
        case .family_member:
            "The person asking is a family member (partner, parent) of a pregnant woman or new mother. Address them, say how they can help her, and when they should take her to care."
        case .doctor:
            "The person asking is a clinician. Be precise and brief, use clinical terms, and name the guideline sources of the passages. Still do not diagnose a specific patient."
        }
    }

    /// What the model must do when triage found danger signs; nil for routine questions.
    static func triageNote(_ triage: TriageAssessment) -> String? {
        let signs = triage.signs.isEmpty ? "" : " (signs: \(triage.signs.joined(separator: ", ")))"
        switch triage.level {
        case .routine:
            return nil
        case .emergency:
            return """
                Safety check: this question shows danger signs\(signs) and was triaged as an EMERGENCY. \
                The app shows its own instruction to seek care immediately above your answer. Begin the \
                answer (after the triage line) by telling the user to go to hospital or call emergency \
                services now; keep the rest short and practical (what to do meanwhile, what to tell the \
                clinicians). Never suggest waiting to see whether it gets better.
                """
        case .urgent:
            return """
                Safety check: this question shows warning signs\(signs) and was triaged as URGENT. \
                The app shows its own instruction to see a doctor soon above your answer. Begin the answer \
                (after the triage line) by telling the user to see a doctor or midwife today; never suggest \
                the signs can be ignored.
                """
        }
    }

    /// The model's own triage, asked for on every request: one first line the app reads and takes
    /// out of the answer. The model may raise the rules' level, never lower it (a lower level is
    /// ignored anyway).
    static func triageLine(_ triage: TriageAssessment) -> String {
        let level = triage.level.rawValue
        return """
            Triage line: the app's danger-sign rules triaged this question as \(level). Start your reply \
            with exactly one line, `TRIAGE: emergency`, `TRIAGE: urgent` or `TRIAGE: routine`, then a \
            blank line, then the answer. Write `TRIAGE: \(level)` unless the question shows danger the \
            rules missed; only then give the higher level that danger calls for. Never give a lower \
            level than \(level). The app removes this line before the user sees the answer, so never \
            mention it.
            """
    }

    /// The passages, numbered from 1 in retrieval order, each with its source so answers can cite it.
    /// `leftOut` passages found did not fit the model's context window.
    static func passages(_ passages: [RetrievedPassage], for userType: UserType, leftOut: Int = 0) -> String {
        guard !passages.isEmpty else {
            if leftOut > 0 {
                return """
                    Knowledge-base passages: left out, because the conversation fills the model's \
                    context window. Give only general advice, and recommend asking a doctor or midwife.
                    """
            }
            return """
                Knowledge-base passages: none matched this question. Say that the knowledge base \
                does not cover it, give only general advice, and recommend asking a doctor or midwife.
                """
        }
        var text = "Knowledge-base passages:"
        for (index, passage) in passages.enumerated() {
            let entry = passage.entry
            let source = entry.source.url.map { "\(entry.source.name), \($0)" } ?? entry.source.name
            text += "\n\n[\(index + 1)] \(entry.title) (source: \(source))\n\(entry.answer)"
            if userType == .family_member, let tip = entry.familyTip { text += "\nFor family members: \(tip)" }
            if userType == .doctor, let note = entry.clinicalNote { text += "\nClinical note: \(note)" }
        }
        return text
    }

    /// The whole system message, with the first `passages` of the request's passages (all by default).
    static func text(for request: GenerationRequest, passages count: Int = .max) -> String {
        let kept = Array(request.passages.prefix(count))
        return [
            rules, audience(request.userType), triageNote(request.triage), triageLine(request.triage),
            passages(kept, for: request.userType, leftOut: request.passages.count - kept.count),
        ]
        .compactMap { $0 }
        .joined(separator: "\n\n")
    }
}
