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

    /// What the asker sees (the task's `error`): Chinese like the rest of the API, saying what
    /// went wrong and, where someone can act on it, which setting to check.
    var userMessage: String {
        switch self {
        case .unreachable:
            return "无法连接模型服务，请检查 openai_base_url 以及模型服务是否在运行"
        case .status(let code, _, _):
            switch code {
            case 300...399: return "模型服务重定向了请求（HTTP \(code)），请把 openai_base_url 设为重定向后的地址"
            case 401, 403: return "模型服务拒绝了访问凭据（HTTP \(code)），请检查 openai_api_key"
            case 404: return "模型服务上找不到这个接口或模型（HTTP 404），请检查 openai_base_url 和 openai_model"
            case 429: return "模型服务正在限流（HTTP 429），请稍后再试"
            case 500...599: return "模型服务内部出错（HTTP \(code)），请稍后再试"
            default: return "模型服务拒绝了请求（HTTP \(code)）"
            }
        case .readTimeout(let limit, let tokens):
            let when = tokens == 0 ? "开始回答前" : "已生成 \(tokens) 个 token 后"
            return "模型服务\(when)超过 \(limit.secondsText) 没有任何输出（openai_read_timeout）"
        case .notAnEventStream:
            return "模型服务没有以流式方式回复，它必须支持 stream: true"
        case .malformedChunk:
            return "模型服务发来了无法解析的数据"
        case .streamError:
            return "模型服务在生成回答时报告了错误"
        case .truncated(let tokens):
            return "模型服务的回复中途结束（已收到 \(tokens) 个 token）"
        case .connectionLost(_, let tokens):
            return "与模型服务的连接在生成回答时断开（已收到 \(tokens) 个 token）"
        case .emptyReply:
            return FailureMessage.emptyReply
        }
    }

    /// The technical cause (the task's `error_detail`, and the log): safe to show (no URL, no
    /// credentials) and specific enough to act on.
    var message: String {
        switch self {
        case .unreachable(let detail):
            return "cannot reach the model server (\(detail)); check openai_base_url and that the server is running"
        case .status(let code, let serverMessage, _):
            let said = serverMessage.map { ": \($0)" } ?? ""
            switch code {
            case 300...399:
                return
                    "the model server redirected the request (HTTP \(code)); set openai_base_url to the address it redirects to"
            case 401, 403:
                return "the model server refused the credentials (HTTP \(code))\(said); check openai_api_key"
            case 404:
                return
                    "the model server has no such endpoint or model (HTTP 404)\(said); check openai_base_url and openai_model"
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
            return
                "the model server answered with \(contentType) instead of an event stream; it must support stream: true"
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

extension Int {
    fileprivate var tokensText: String { self == 1 ? "1 token" : "\(self) tokens" }
}

extension Duration {
    /// `1.5 s`, `60 s`: how a configured wait reads in a message.
    fileprivate var secondsText: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }
}
