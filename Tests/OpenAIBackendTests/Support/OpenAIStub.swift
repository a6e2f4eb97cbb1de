import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small OpenAI-protocol server on loopback for one test: answers each request as the test's
/// script says, speaking real HTTP/1.1 (keep-alive, chunked `text/event-stream`), and records what
/// it received and when connections closed.
final class OpenAIStub: Sendable {
    typealias Script = @Sendable (StubRequest) -> StubReply
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    let port: Int
    private let script: Script
    private let state = Mutex(Recorded())

    private struct Recorded {
        var requests: [StubRequest] = []
        var closedConnections = 0
    }

    private init(port: Int, script: @escaping Script) {
        self.port = port
        self.script = script
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [StubRequest] { state.withLock { $0.requests } }
    var closedConnections: Int { state.withLock { $0.closedConnections } }

    /// Starts a stub, runs `body` with it, and stops it (closing every connection) afterwards.
    static func with<T: Sendable>(_ script: @escaping Script, _ body: (OpenAIStub) async throws -> T) async throws -> T
    {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        guard let port = server.channel.localAddress?.port else { throw StubError.noPort }
        let stub = OpenAIStub(port: port, script: script)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.executeThenClose { inbound in
                    try await withThrowingDiscardingTaskGroup { connections in
                        for try await connection in inbound {
                            connections.addTask { await stub.serve(connection) }
                        }
                    }
                }
            }
            do {
                let result = try await body(stub)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    /// Polls until `count` connections have closed; false if that takes longer than `timeout`.
    func waitForClosedConnections(_ count: Int = 1, timeout: Duration = .seconds(60)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while closedConnections < count {
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(20))) != nil else {
                return closedConnections >= count
            }
        }
        return true
    }

    // MARK: - Serving

    private func serve(_ connection: Connection) async {
        defer { state.withLock { $0.closedConnections += 1 } }
        try? await connection.executeThenClose { inbound, outbound in
            var requestParts = inbound.makeAsyncIterator()
            while let request = try await readRequest(&requestParts) {
                let keepOpen = try await answer(request, outbound: outbound, inbound: &requestParts)
                if !keepOpen { return }
            }
        }
    }

    /// Reads one request (head, body, end); nil when the client closed the connection.
    private func readRequest(_ parts: inout NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator)
        async throws -> StubRequest?
    {
        var head: HTTPRequestHead?
        var body = ByteBuffer()
        while let part = try await parts.next() {
            switch part {
            case .head(let received):
                head = received
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                guard let head else { return nil }
                let headers = Dictionary(head.headers.map { ($0.name.lowercased(), $0.value) }) { $1 }
                return state.withLock { recorded in
                    let request = StubRequest(
                        index: recorded.requests.count, method: "\(head.method)", path: head.uri, headers: headers,
                        body: Data(body.readableBytesView))
                    recorded.requests.append(request)
                    return request
                }
            }
        }
        return nil
    }

    /// Writes the scripted answer; false when the connection must close afterwards.
    private func answer(
        _ request: StubRequest, outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
        inbound: inout NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator
    ) async throws -> Bool {
        switch script(request) {
        case .status(let code, let headers, let body):
            var fields = HTTPHeaders(headers.map { ($0.key, $0.value) })
            fields.replaceOrAdd(name: "Content-Length", value: "\(body.utf8.count)")
            try await outbound.write(
                .head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: code), headers: fields)))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
            try await outbound.write(.end(nil))
            return true
        case .stream(let steps):
            let headers: HTTPHeaders = [
                "Content-Type": "text/event-stream", "Cache-Control": "no-cache", "Transfer-Encoding": "chunked",
            ]
            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
            for step in steps {
                switch step {
                case .data(let payload):
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(string: "data: \(payload)\n\n"))))
                case .raw(let text):
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(string: text))))
                case .pause(let duration):
                    try await Task.sleep(for: duration)
                case .dropConnection:
                    return false
                case .stallUntilClosed:
                    while try await inbound.next() != nil {}
                    return false
                }
            }
            try await outbound.write(.end(nil))
            return true
        }
    }

    enum StubError: Error { case noPort }
}
