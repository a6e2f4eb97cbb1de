/// Why one request to the model server failed, and whether trying again can help.
///
/// Only failures that happen before any reply text was received are retryable: once a stream has
/// started, its text has already gone to the caller, so a second attempt would duplicate it.
enum OpenAIFailure: Error, Sendable, Equatable {
    /// The server could not be reached or dropped the connection before answering.
    case unreachable(String)
    /// The server answered with a status other than 2xx.
    case status(code: Int, serverMessage: String?, retryAfter: Duration?)
    /// Nothing arrived for `openai_read_timeout`.
    case readTimeout(Duration, tokens: Int)
    /// The server answered 2xx but not with an event stream (it ignored `stream: true`).
    case notAnEventStream(contentType: String)
    /// A `data:` payload that is neither JSON of a chunk nor `[DONE]`.
    case malformedChunk(String)
    /// The server reported an error inside the stream.
    case streamError(String)
    /// The body ended without `[DONE]` or a finish reason.
    case truncated(tokens: Int)
    /// The connection failed while the reply was streaming.
    case connectionLost(String, tokens: Int)
    /// The stream completed but carried no reply text.
    case emptyReply

    var isRetryable: Bool {
        switch self {
        case .unreachable: true
        case .status(let code, _, _): code == 429 || (500...599).contains(code)
        default: false
        }
    }

    /// The server may have found the prompt longer than its context window: it said so (a 400 or
    /// 413 naming the context, as OpenAI, vLLM and llama.cpp's servers do), or it answered a
    /// streaming request with a stream that carried nothing, not even its end (llama.cpp's server
    /// does that for a prompt too long, and sends the real error only to non-streaming requests).
    var mayMeanPromptTooLong: Bool {
        switch self {
        case .status(let code, let message, _):
            guard code == 400 || code == 413, let said = message?.lowercased() else { return false }
            return said.contains("context") || said.contains("too many tokens") || said.contains("too long")
        case .truncated(tokens: 0):
            return true
        default:
            return false
        }
    }

    /// The wait the server asked for (429 and 503 may carry `Retry-After`).
    var retryAfter: Duration? {
        if case .status(_, _, let retryAfter) = self { return retryAfter }
        return nil
    }

    /// What the task's `error` says: safe to show (no URL, no credentials) and specific enough to act on.
    var message: String {
        switch self {
        case .unreachable(let detail):
            return "cannot reach the model server (\(detail)); check openai_base_url and that the server is running"
        case .status(let code, let serverMessage, _):
            let said = serverMessage.map { ": \($0)" } ?? ""
            switch code {
            case 300...399:
                return "the model server redirected the request (HTTP \(code)); set openai_base_url to the address it redirects to"
            case 401, 403:
                return "the model server refused the credentials (HTTP \(code))\(said); check openai_api_key"
            case 404:
                return "the model server has no such endpoint or model (HTTP 404)\(said); check openai_base_url and openai_model"
            case 429:
                return "the model server is rate limiting requests (HTTP 429)\(said)"
            case 500...599:
                return "the model server failed (HTTP \(code))\(said)"
            default:
                return "the model server rejected the request (HTTP \(code))\(said)"
            }
        case .readTimeout(let limit, let tokens):
            let when = tokens == 0 ? "before answering" : "after \(tokens.tokensText)"
            return "the model server sent nothing for \(limit.secondsText) \(when) (openai_read_timeout)"
        case .notAnEventStream(let contentType):
            return "the model server answered with \(contentType) instead of an event stream; it must support stream: true"
        case .malformedChunk(let snippet):
            return "the model server sent a malformed stream chunk: \(snippet)"
        case .streamError(let serverMessage):
            return "the model server reported an error mid-stream: \(serverMessage)"
        case .truncated(let tokens):
            return "the model stream ended early (no [DONE] and no finish_reason) after \(tokens.tokensText)"
        case .connectionLost(let detail, let tokens):
            return "the connection to the model server was lost mid-stream after \(tokens.tokensText) (\(detail))"
        case .emptyReply:
            return "the model returned an empty reply"
        }
    }
}

private extension Int {
    var tokensText: String { self == 1 ? "1 token" : "\(self) tokens" }
}

private extension Duration {
    /// `1.5 s`, `60 s`: how a configured wait reads in a message.
    var secondsText: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }
}
