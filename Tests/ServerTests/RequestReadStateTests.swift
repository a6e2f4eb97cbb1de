import Testing

@testable import Server

/// Which bound a connection waits under as a request is read and answered: the client's time is
/// bounded at every step, the server's own time answering never is.
@Suite struct RequestReadStateTests {
    @Test func aKeepAliveRequestGoesIdleHeaderBodyNothingThenIdleAgain() {
        var state = RequestReadState()
        #expect(state.wait == .idle)
        state.bytesArrived()
        #expect(state.wait == .header)
        state.headRead()
        #expect(state.wait == .body)
        #expect(state.bodyAwaitedByRoute)
        state.endRead()
        #expect(state.wait == nil, "answering: the client waits for us")
        state.responseStarted()
        state.bytesArrived()
        #expect(state.wait == nil, "a next request's bytes while this one is answered")
        state.responseEnded()
        #expect(state.wait == .header, "its head is bounded once the answer is out")
    }

    @Test func eachWaitStartsOverWithANewSerial() {
        var state = RequestReadState()
        let idle = state.serial
        state.bytesArrived()
        state.headRead()
        state.endRead()
        state.responseStarted()
        state.responseEnded()
        #expect(state.wait == .idle)
        #expect(state.serial != idle, "the idle wait after a response is a new one")
        let between = state.serial
        state.bytesArrived()
        state.bytesArrived()
        #expect(state.serial == between + 1, "more bytes of the same head do not restart its clock")
    }

    @Test func aBodyStillComingAfterAnEarlyAnswerIsBoundedButNotAwaited() {
        var state = RequestReadState()
        state.bytesArrived()
        state.headRead()
        state.responseStarted()
        #expect(!state.bodyAwaitedByRoute, "the route answered (413, say) without reading the body")
        state.responseEnded()
        #expect(state.wait == .body)
        #expect(!state.bodyAwaitedByRoute)
        state.endRead()
        #expect(state.wait == .idle)
    }

    @Test func aPipelinedBodyWaitsWhileAnEarlierRequestIsAnswered() {
        var state = RequestReadState()
        state.bytesArrived()
        state.headRead()
        state.endRead()
        state.bytesArrived()
        state.headRead()
        #expect(state.wait == nil)
        state.responseStarted()
        state.responseEnded()
        #expect(state.wait == .body)
        #expect(state.bodyAwaitedByRoute)
    }
}
