/// Builds the messages sent to the model so that they fit its context window with room for the
/// reply: the system prompt and the question always, then as many retrieved passages as fit (in
/// retrieval order), then as much recent history as fits (newest first: the oldest goes first).
public struct PromptBuilder: Sendable {
    /// The model's context window: prompt and reply together (`openai_context_tokens`).
    public var contextTokens: Int
    /// Kept free for the reply (`openai_max_tokens`).
    public var replyTokens: Int

    public init(contextTokens: Int = 4096, replyTokens: Int = 1024) {
        self.contextTokens = contextTokens
        self.replyTokens = replyTokens
    }

    /// At most this many passages and history messages: a retry after the server found the prompt too long.
    struct Limit: Sendable, Equatable {
        var passages: Int
        var history: Int

        static let none = Limit(passages: .max, history: .max)
    }

    /// One prompt and what went into it, for the log and for a smaller retry.
    struct Prompt: Sendable {
        var messages: [ChatCompletionRequest.Message]
        var estimatedTokens: Int
        var passagesKept: Int
        var passagesLeftOut: Int
        var historyKept: Int
        var historyLeftOut: Int

        /// Half of what this prompt carried: what a retry after "prompt too long" sends.
        var halved: Limit { Limit(passages: passagesKept / 2, history: historyKept / 2) }
    }

    /// Tokens the prompt may take: the window less the reply's room.
    var promptBudget: Int { max(0, contextTokens - replyTokens) }

    func prompt(for request: GenerationRequest, limit: Limit = .none) -> Prompt {
        let question = ChatCompletionRequest.Message(role: .user, content: request.question)
        let questionCost = TokenEstimator.estimate(question)
        // The most passages (in retrieval order) whose system prompt still leaves room for the question.
        var passages = min(limit.passages, request.passages.count)
        var system = systemMessage(request, passages: passages)
        while passages > 0, TokenEstimator.estimate(system) + questionCost > promptBudget {
            passages -= 1
            system = systemMessage(request, passages: passages)
        }
        let spent = TokenEstimator.estimate(system) + questionCost
        let history = recentHistory(request.history, budget: promptBudget - spent, limit: limit.history)
        let messages = [system] + Self.alternating(history + [question])
        return Prompt(
            messages: messages, estimatedTokens: messages.reduce(0) { $0 + TokenEstimator.estimate($1) },
            passagesKept: passages, passagesLeftOut: request.passages.count - passages,
            historyKept: history.count, historyLeftOut: request.history.count - history.count)
    }

    func messages(for request: GenerationRequest) -> [ChatCompletionRequest.Message] {
        prompt(for: request).messages
    }

    private func systemMessage(_ request: GenerationRequest, passages: Int) -> ChatCompletionRequest.Message {
        .init(role: .system, content: SystemPrompt.text(for: request, passages: passages))
    }

    /// The newest messages (at most `limit`) that fit `budget`, oldest first, starting with a
    /// question (a reply whose question did not fit goes too, so what is counted is what is sent).
    /// Stored replies carry the app's disclaimer; it is dropped so the model neither pays for it
    /// nor learns to repeat it.
    func recentHistory(_ history: [ChatMessage], budget: Int, limit: Int = .max) -> [ChatCompletionRequest.Message] {
        var kept: [ChatCompletionRequest.Message] = []
        var spent = 0
        for message in history.reversed() where kept.count < limit {
            let content =
                message.role == .assistant
                ? message.content.replacingOccurrences(of: SafetyText.disclaimer, with: "").trimmedWhitespace
                : message.content
            let turn = ChatCompletionRequest.Message(role: message.role == .user ? .user : .assistant, content: content)
            let cost = TokenEstimator.estimate(turn)
            guard spent + cost <= budget else { break }
            spent += cost
            kept.append(turn)
        }
        return Array(kept.reversed().drop { $0.role != .user })
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
