import AsyncHTTPClient
import Foundation
import NIOCore

/// One streamed chat completion per call over a pooled HTTP client: posts the request, checks the
/// status, and reads the event stream as it arrives, handing each piece of the reply on.
///
/// Cancelling the calling task cancels the request and closes its connection (AsyncHTTPClient
/// fails an in-flight transaction on cancellation; a half-read HTTP/1.1 response cannot be reused).
final class ChatCompletionsClient: Sendable {
    let url: String
    private let authorization: String?
    private let readTimeout: Duration
    private let http: HTTPClient

    /// Error bodies are read up to this size for their message; the rest is not worth waiting for.
    private static let errorBodyLimit = 64 * 1024

    init(url: String, apiKey: String?, connectTimeout: Duration, readTimeout: Duration, maxConnections: Int) {
        self.url = url
        self.authorization = apiKey.map { "Bearer \($0)" }
        self.readTimeout = readTimeout
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .init(connectTimeout), read: .init(readTimeout))
        // A redirected POST would be replayed elsewhere with the key; say so instead of following.
        configuration.redirectConfiguration = .disallow
        // The backend retries with its own backoff and limits; the pool retrying connects on its
        // own until the connect timeout would hide refused connections behind a long wait.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, maxConnections)
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// The client lives as long as the backend (the whole process in practice); its pool is shut
    /// down without blocking when the last reference goes.
    deinit {
        _ = http.shutdown()
    }

    /// Streams one completion, calling `onDelta` for each piece of the reply. Throws
    /// `OpenAIFailure`, or `CancellationError` when the calling task is cancelled.
    func stream(_ body: ChatCompletionRequest, onDelta: (StreamDelta) async -> Void) async throws -> StreamSummary {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))

        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, deadline: .distantFuture)
        } catch {
            throw failure(for: error, tokens: nil)
        }
        try await checkStatus(response)

        var parser = ServerSentEventParser()
        var decoder = ChatCompletionStreamDecoder()
        do {
            // What one network read brought is handed on at once: a server streaming in real time
            // sends a token per read anyway, and a burst (a fast server, a busy machine) then costs
            // one progress update instead of one per token.
            for try await buffer in response.body {
                var burst: StreamDelta?
                for event in parser.feed(buffer.readableBytesView) {
                    guard let delta = try decoder.consume(event) else { continue }
                    burst = StreamDelta(text: (burst?.text ?? "") + delta.text, tokens: delta.tokens)
                }
                if let burst { await onDelta(burst) }
            }
        } catch let failure as OpenAIFailure {
            throw failure
        } catch {
            throw failure(for: error, tokens: decoder.tokens)
        }
        for event in parser.finish() {
            if let delta = try decoder.consume(event) { await onDelta(delta) }
        }
        try decoder.finish()
        return StreamSummary(tokens: decoder.tokens, finishReason: decoder.finishReason)
    }

    /// Throws the failure a non-2xx or non-stream answer means, with the server's own message.
    private func checkStatus(_ response: HTTPClientResponse) async throws {
        let code = Int(response.status.code)
        let contentType = response.headers.first(name: "Content-Type") ?? ""
        if (200...299).contains(code) {
            guard contentType.lowercased().contains("json") else { return }
            throw OpenAIFailure.notAnEventStream(contentType: contentType)
        }
        let body = try? await response.body.collect(upTo: Self.errorBodyLimit)
        throw OpenAIFailure.status(
            code: code, serverMessage: body.flatMap { ServerText.errorMessage(Data($0.readableBytesView)) },
            retryAfter: response.headers.first(name: "Retry-After").flatMap { RetryAfterHeader.parse($0) })
    }

    /// Maps a transport error: before the response (`tokens == nil`) it means the server could not
    /// be reached; during the stream, that the connection was lost.
    private func failure(for error: any Error, tokens: Int?) -> any Error {
        if error is CancellationError || Task.isCancelled { return CancellationError() }
        if let error = error as? HTTPClientError, error == .readTimeout {
            return OpenAIFailure.readTimeout(readTimeout, tokens: tokens ?? 0)
        }
        let detail = Self.describe(error)
        guard let tokens else { return OpenAIFailure.unreachable(detail) }
        return OpenAIFailure.connectionLost(detail, tokens: tokens)
    }

    /// Words for the transport errors people actually meet; the type's own text otherwise.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "no connection within openai_connect_timeout"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: break
            }
        }
        return ServerText.snippet(String(describing: error), limit: 200)
    }
}
