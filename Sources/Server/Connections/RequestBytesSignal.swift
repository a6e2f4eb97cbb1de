import NIOCore

/// Sits in front of the HTTP decoder and tells `RequestReadGuard`, behind it, that bytes came
/// in: the decoder hands a request's head on only once it is complete, and the guard must know
/// when it started to bound how long it takes.
final class RequestBytesSignal: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The event sent down the pipeline ahead of every read.
    struct BytesArrived {}

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(BytesArrived())
        context.fireChannelRead(data)
    }
}
