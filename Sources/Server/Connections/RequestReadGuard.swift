import Engine
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Keeps slow, idle and unreadable requests from holding connections, one instance per
/// connection, between the HTTP codec and the framework:
/// - nothing under way for `idle`: the connection is closed;
/// - a head not complete `header` after its first byte: 408 in the API's envelope, then closed;
/// - a body not complete `body` after its head: the route waiting on it fails with 408 (through
///   the API's error handling, so it is logged and counted like any answer, and a body cut short
///   is never taken for a whole one), then closed;
/// - a head over the decoder's limits: 431 in the envelope (any other unreadable head: 400)
///   instead of the framework's empty 400.
/// Each bound runs from the start of its wait, however the client spaces its bytes: an idle
/// timer reset by every byte never fires on a client trickling a byte a second, and one reset by
/// every decoded part is reset by each trickled piece of a body. After a refusal nothing more is
/// read; the client gets `linger` to read the answer before the connection closes, so that
/// closing on unread input does not reset it away.
final class RequestReadGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The decoder's limits on a request head, which `headerTooLarge` names.
    static let maxHeaderFields = 100
    static let maxHeaderBytes = 64 * 1024
    static let linger: TimeAmount = .seconds(2)

    private let timeouts: HTTPTimeouts
    private let logger: Logger
    private var state = RequestReadState()
    private var deadline: (wait: RequestReadState.Wait, serial: Int, task: Scheduled<Void>)?
    private var lingerClose: Scheduled<Void>?
    private var refused = false

    init(timeouts: HTTPTimeouts, logger: Logger) {
        self.timeouts = timeouts
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is RequestBytesSignal.BytesArrived else { return context.fireUserInboundEventTriggered(event) }
        if !refused { state.bytesArrived() }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        switch unwrapInboundIn(data) {
        case .head: state.headRead()
        case .body: break
        case .end: state.endRead()
        }
        context.fireChannelRead(data)
    }

    /// Deadlines are set once per read, not per part: a request that arrives whole costs none.
    func channelReadComplete(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // After a refusal the decoder complains of every byte that still comes in.
        guard !refused else { return }
        guard let error = error as? HTTPParserError, state.unanswered == 0 else {
            // Not the decoder's, or a request is still to be answered: its route meets the error.
            return context.fireErrorCaught(error)
        }
        switch error {
        case _ where !state.readingHead:
            // The body of a request answered already (413, say) broke off: nobody to tell.
            context.close(promise: nil)
        case .headerOverflow:
            refuse(context, .requestHeaderFieldsTooLarge, Self.headerTooLarge)
        default:
            refuse(context, .badRequest, "请求不是有效的 HTTP/1.1 请求，连接已关闭")
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            state.responseStarted()
            guard refused else { return context.write(data, promise: promise) }
            // The 408 of a route whose body timed out: the connection closes after it.
            head.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            state.responseEnded()
            context.write(data, promise: promise)
            arm(context)
        }
    }

    static var headerTooLarge: String {
        "请求头过大：最多 \(maxHeaderFields) 个字段，合计不超过 \(maxHeaderBytes / 1024) KiB"
    }

    // MARK: - Deadlines

    private func arm(_ context: ChannelHandlerContext) {
        guard !refused else { return }
        let wait = state.wait
        if let deadline, deadline.wait == wait, deadline.serial == state.serial { return }
        deadline?.task.cancel()
        deadline = nil
        guard let wait else { return }
        let task = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(bound(of: wait))) { [self] in
            deadline = nil
            expired(wait, context)
        }
        deadline = (wait, state.serial, task)
    }

    private func disarm() {
        deadline?.task.cancel()
        deadline = nil
        lingerClose?.cancel()
        lingerClose = nil
    }

    private func bound(of wait: RequestReadState.Wait) -> Duration {
        switch wait {
        case .idle: timeouts.idle
        case .header: timeouts.header
        case .body: timeouts.body
        }
    }

    private func expired(_ wait: RequestReadState.Wait, _ context: ChannelHandlerContext) {
        let seconds = bound(of: wait).components.seconds
        switch wait {
        case .idle:
            logger.debug(
                "closing an idle connection", metadata: ["remote": "\(context.remoteAddress?.description ?? "-")"])
            context.close(promise: nil)
        case .header:
            refuse(context, .requestTimeout, "请求头未在 \(seconds) 秒内发送完整，连接已关闭")
        case .body where state.bodyAwaitedByRoute:
            refused = true
            context.fireErrorCaught(APIError(.requestTimeout, "请求体未在 \(seconds) 秒内发送完整，连接已关闭"))
            closeAfterLinger(context)
        case .body:
            // Answered already, or an earlier request still is: nobody to tell.
            context.close(promise: nil)
        }
    }

    // MARK: - Refusals

    /// Answers with the envelope, ends output (the client reads the answer, then the end), reads
    /// nothing more, and closes after `linger`.
    private func refuse(_ context: ChannelHandlerContext, _ status: HTTPResponse.Status, _ msg: String) {
        refused = true
        deadline?.task.cancel()
        deadline = nil
        logRefusal(context, status, msg)
        let body = (try? JSONBody.envelopeBytes(code: status.code, msg: msg, data: AnyPayload?.none)) ?? ByteBuffer()
        let fields: HTTPFields = [
            .contentType: JSONBody.contentType, .contentLength: String(body.readableBytes), .connection: "close",
        ]
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(mode: .output, promise: nil) }
        closeAfterLinger(context)
    }

    private func closeAfterLinger(_ context: ChannelHandlerContext) {
        lingerClose = context.eventLoop.assumeIsolated().scheduleTask(in: Self.linger) {
            context.close(promise: nil)
        }
    }

    private func logRefusal(_ context: ChannelHandlerContext, _ status: HTTPResponse.Status, _ reason: String) {
        logger.info(
            "refused a request before it was read",
            metadata: [
                "status": "\(status.code)", "reason": "\(reason)",
                "remote": "\(context.remoteAddress?.description ?? "-")",
            ])
    }
}
