/// Builds the messages sent to the model: the system prompt (rules, asker, triage, retrieved
/// passages), as much of the chat's recent history as the token budget allows, and the question.
public struct PromptBuilder: Sendable {
    /// Tokens of earlier messages sent along. Small servers default to a 2k–4k context (Ollama)
    /// that must also hold the system prompt, the passages and the reply, so history gets a slice.
    public var historyTokenBudget: Int

    public init(historyTokenBudget: Int = 1200) {
        self.historyTokenBudget = historyTokenBudget
    }

    func messages(for request: GenerationRequest) -> [ChatCompletionRequest.Message] {
        var turns = recentHistory(request.history)
        turns.append(.init(role: .user, content: request.question))
        return [.init(role: .system, content: SystemPrompt.text(for: request))] + Self.alternating(turns)
    }

    /// The newest messages that fit the budget, oldest first. Stored replies carry the app's
    /// disclaimer; it is dropped so the model neither pays for it nor learns to repeat it.
    func recentHistory(_ history: [ChatMessage]) -> [ChatCompletionRequest.Message] {
        var kept: [ChatCompletionRequest.Message] = []
        var spent = 0
        for message in history.reversed() {
            let content = message.role == .assistant
                ? message.content.replacingOccurrences(of: SafetyText.disclaimer, with: "")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                : message.content
            let turn = ChatCompletionRequest.Message(role: message.role == .user ? .user : .assistant, content: content)
            let cost = TokenEstimator.estimate(turn)
            guard spent + cost <= historyTokenBudget else { break }
            spent += cost
            kept.append(turn)
        }
        return kept.reversed()
    }

    /// Strict chat templates (Mistral, Llama 2 and others under vLLM or llama.cpp) refuse a
    /// conversation that does not alternate user/assistant starting with the user, so a leading
    /// reply (its question fell outside the budget) is dropped and same-role neighbours merged.
    static func alternating(_ turns: [ChatCompletionRequest.Message]) -> [ChatCompletionRequest.Message] {
        var result: [ChatCompletionRequest.Message] = []
        for turn in turns.drop(while: { $0.role != .user }) {
            if let last = result.last, last.role == turn.role {
                result[result.count - 1].content += "\n\n" + turn.content
            } else {
                result.append(turn)
            }
        }
        return result
    }
}
