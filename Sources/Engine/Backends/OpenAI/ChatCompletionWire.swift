/// The body of `POST /v1/chat/completions`, as every OpenAI-compatible server takes it.
struct ChatCompletionRequest: Encodable, Sendable {
    struct Message: Encodable, Sendable, Equatable {
        enum Role: String, Encodable, Sendable { case system, user, assistant }

        var role: Role
        var content: String
    }

    /// Asks for a last chunk carrying `usage`, so the log shows real token counts.
    struct StreamOptions: Encodable, Sendable {
        var includeUsage = true

        enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
    }

    var model: String
    var messages: [Message]
    var stream = true
    var streamOptions = StreamOptions()
    var temperature: Double
    var maxTokens: Int

    enum CodingKeys: String, CodingKey {
        case model, messages, stream, temperature
        case streamOptions = "stream_options"
        case maxTokens = "max_tokens"
    }
}

/// One `data:` payload of the stream: a delta of the reply, the finish reason, the usage, or an error.
struct ChatCompletionChunk: Decodable, Sendable {
    struct Choice: Decodable, Sendable {
        var delta: Delta?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case delta
            case finishReason = "finish_reason"
        }
    }

    struct Delta: Decodable, Sendable {
        var content: String?
        /// Reasoning models stream their thinking apart from the reply: `reasoning_content`
        /// (DeepSeek, vLLM) or `reasoning` (Ollama). It is not part of the answer but it is tokens.
        var reasoningContent: String?
        var reasoning: String?

        enum CodingKeys: String, CodingKey {
            case content, reasoning
            case reasoningContent = "reasoning_content"
        }
    }

    struct Usage: Decodable, Sendable {
        var completionTokens: Int?

        enum CodingKeys: String, CodingKey { case completionTokens = "completion_tokens" }
    }

    var choices: [Choice]?
    var usage: Usage?
    var error: ServerErrorDetail?
}

/// A server's error, whichever shape it uses: `{"error": {"message": …}}` (OpenAI, llama.cpp,
/// Ollama), `{"error": "…"}`, or vLLM's top-level `{"message": …}`.
struct ServerErrorDetail: Decodable, Sendable {
    var message: String?

    private enum CodingKeys: String, CodingKey { case message }

    init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            message = text
        } else {
            message = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .message)
        }
    }
}

/// An error response body: the detail may sit under `error`, at the top level, or under `detail`
/// (FastAPI-based servers). Each field is optional and a field of another shape is skipped, so
/// whatever readable text the server sent is found.
struct ServerErrorBody: Decodable, Sendable {
    var text: String?

    private enum CodingKeys: String, CodingKey { case error, message, detail }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let nested = try? container.decodeIfPresent(ServerErrorDetail.self, forKey: .error)
        let topLevel = try? container.decodeIfPresent(String.self, forKey: .message)
        let fastAPI = try? container.decodeIfPresent(String.self, forKey: .detail)
        text = nested?.message ?? topLevel ?? fastAPI
    }
}
