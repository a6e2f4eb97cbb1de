import Foundation

/// A piece of the reply with the number of tokens generated so far (reply and reasoning).
struct StreamDelta: Sendable, Equatable {
    var text: String
    var tokens: Int
}

/// How a completed stream ended: tokens generated and the server's finish reason.
struct StreamSummary: Sendable, Equatable {
    var tokens: Int
    var finishReason: String?
}

/// Reads the events of a streamed chat completion: collects the reply's `delta.content`, counts
/// tokens for progress, and knows whether the stream ended properly.
///
/// Tokens are counted as streamed deltas — Ollama, vLLM, llama.cpp and the hosted APIs send one
/// sampled token per chunk — or the server's own `usage.completion_tokens` once it reports more.
struct ChatCompletionStreamDecoder {
    private(set) var tokens = 0
    private(set) var finishReason: String?
    private(set) var isDone = false
    private var hasText = false
    private let decoder = JSONDecoder()

    /// The delta an event carries, if any. Events after `[DONE]` are ignored.
    mutating func consume(_ event: ServerSentEvent) throws(OpenAIFailure) -> StreamDelta? {
        guard !isDone else { return nil }
        let payload = event.data
        if Self.isDoneMarker(payload) {
            isDone = true
            return nil
        }
        if event.type == "error" {
            throw .streamError(ServerText.errorMessage(Data(payload.utf8)) ?? "event: error")
        }
        let chunk: ChatCompletionChunk
        do {
            chunk = try decoder.decode(ChatCompletionChunk.self, from: Data(payload.utf8))
        } catch {
            throw .malformedChunk(ServerText.snippet(payload, limit: 120))
        }
        if let error = chunk.error {
            throw .streamError(ServerText.snippet(error.message ?? payload))
        }
        var delta: StreamDelta?
        if let choice = chunk.choices?.first {
            if let reason = choice.finishReason { finishReason = reason }
            let reply = choice.delta?.content ?? ""
            let thinking = choice.delta?.reasoningContent ?? choice.delta?.reasoning ?? ""
            if !reply.isEmpty || !thinking.isEmpty {
                tokens += 1
                if !hasText, reply.contains(where: { !$0.isWhitespace }) { hasText = true }
                delta = StreamDelta(text: reply, tokens: tokens)
            }
        }
        if let reported = chunk.usage?.completionTokens, reported > tokens {
            tokens = reported
        }
        return delta
    }

    /// `[DONE]`, tolerating stray whitespace; only short payloads are trimmed (Foundation's trimming
    /// is slow, and every chunk of every reply passes here).
    private static func isDoneMarker(_ payload: String) -> Bool {
        payload == "[DONE]"
            || (payload.utf8.count < 16 && payload.trimmingCharacters(in: .whitespacesAndNewlines) == "[DONE]")
    }

    /// Checks the stream ended properly once its body is over.
    func finish() throws(OpenAIFailure) {
        guard isDone || finishReason != nil else { throw .truncated(tokens: tokens) }
        guard hasText else { throw .emptyReply }
    }
}
