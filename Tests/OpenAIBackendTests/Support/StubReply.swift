import Foundation

/// What the stub received: one HTTP request.
struct StubRequest: Sendable {
    /// 0 for the first request the stub served in this test, 1 for the next (a retry)…
    let index: Int
    let method: String
    let path: String
    /// Header names lower-cased.
    let headers: [String: String]
    let body: Data

    /// The decoded chat-completions body (the fields the tests look at).
    var completion: CompletionBody? { try? JSONDecoder().decode(CompletionBody.self, from: body) }

    // swift-format-ignore: AlwaysUseLowerCamelCase
    // The request body as the wire spells it.
    struct CompletionBody: Decodable, Sendable {
        struct Message: Decodable, Sendable {
            let role: String
            let content: String
        }

        struct StreamOptions: Decodable, Sendable {
            let include_usage: Bool?
        }

        let model: String
        let messages: [Message]
        let stream: Bool?
        let stream_options: StreamOptions?
        let max_tokens: Int?
        let temperature: Double?
    }
}

/// How the stub answers one request.
enum StubReply: Sendable {
    /// 200 `text/event-stream`, chunked, written step by step.
    case stream([StubStep])
    /// Any other answer, e.g. 429 with `Retry-After` or 500 with an OpenAI error body.
    case status(Int, headers: [String: String] = [:], body: String = "")

    /// An OpenAI-shaped error answer.
    static func error(_ code: Int, _ message: String, headers: [String: String] = [:]) -> StubReply {
        let body = #"{"error":{"message":"\#(message)","type":"server_error","code":\#(code)}}"#
        return .status(code, headers: headers.merging(["Content-Type": "application/json"]) { $1 }, body: body)
    }
}

/// One step of a streamed answer.
enum StubStep: Sendable {
    /// `data: PAYLOAD\n\n` as one HTTP chunk.
    case data(String)
    /// Bytes exactly as given (comments, CRLF, a block split over several chunks…).
    case raw(String)
    case pause(Duration)
    /// Closes the TCP connection at once, without ending the chunked body.
    case dropConnection
    /// Sends nothing more and waits until the client goes away.
    case stallUntilClosed
}

/// Builders for the real wire format of `chat.completion.chunk` streams.
enum StubStream {
    static func chunk(content: String? = nil, role: String? = nil, finishReason: String? = nil) -> String {
        var delta: [String: String] = [:]
        if let role { delta["role"] = role }
        if let content { delta["content"] = content }
        let object: [String: Any] = [
            "id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "stub",
            "choices": [["index": 0, "delta": delta, "finish_reason": finishReason.map { $0 as Any } ?? NSNull()]],
        ]
        return json(object)
    }

    static func usage(completionTokens: Int) -> String {
        json([
            "id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "stub",
            "choices": [],
            "usage": [
                "prompt_tokens": 100, "completion_tokens": completionTokens, "total_tokens": 100 + completionTokens,
            ],
        ])
    }

    /// A whole, well-formed answer: role chunk, one chunk per token (with `pause` before each),
    /// the finish reason, the usage chunk and `[DONE]`.
    static func reply(_ tokens: [String], pause: Duration = .zero, finishReason: String = "stop") -> [StubStep] {
        var steps: [StubStep] = [.data(chunk(content: "", role: "assistant"))]
        for token in tokens {
            if pause > .zero { steps.append(.pause(pause)) }
            steps.append(.data(chunk(content: token)))
        }
        steps.append(.data(chunk(finishReason: finishReason)))
        steps.append(.data(usage(completionTokens: tokens.count)))
        steps.append(.data("[DONE]"))
        return steps
    }

    /// The characters of a text as tokens, as a Chinese model streams it.
    static func tokens(_ text: String) -> [String] { text.map(String.init) }

    private static func json(_ object: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
