import Engine
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel with `RequestBytesSignal` in front of its decoder and
/// `RequestReadGuard` behind it (see there), and the decoder's header limits the guard names.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    private let http1: HTTP1Channel

    init(responder: @escaping HTTPChannelHandler.Responder, timeouts: HTTPTimeouts, logger: Logger) {
        let limits = HTTP1Channel.Configuration.DecoderConfiguration(
            maxHeaderFieldSize: RequestReadGuard.maxHeaderBytes, maxHeaderListSize: RequestReadGuard.maxHeaderBytes,
            maxHeaderFieldCount: RequestReadGuard.maxHeaderFields)
        http1 = HTTP1Channel(
            responder: responder,
            configuration: .init(
                additionalChannelHandlers: [RequestReadGuard(timeouts: timeouts, logger: logger)],
                httpDecoderConfiguration: limits))
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            // Added first, so it sees the bytes before the decoder that HTTP1Channel adds next.
            try channel.pipeline.syncOperations.addHandler(RequestBytesSignal())
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return http1.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with the API's bounds on slow, idle and oversized requests.
    static func guardedHTTP1(timeouts: HTTPTimeouts, logger: Logger) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in GuardedHTTP1Channel(responder: responder, timeouts: timeouts, logger: logger) }
    }
}
