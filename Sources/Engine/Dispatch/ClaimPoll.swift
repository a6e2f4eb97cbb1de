import ServiceLifecycle

/// Claims once a second whatever the dispatcher was told, as River's producers poll besides
/// listening: the dispatcher claims when work arrives or a place frees, and a telling it misses
/// would leave pending work beside free places until the next submission (a node once sat so
/// with 125 tasks pending). With no free place a tick does nothing; with no pending work its
/// claim changes nothing, so it wakes no other node.
final class ClaimPoll: Service {
    static let interval: Duration = .seconds(1)

    private let dispatcher: Dispatcher

    init(dispatcher: Dispatcher) {
        self.dispatcher = dispatcher
    }

    func run() async {
        await repeatUntilShutdown(every: Self.interval) { self.dispatcher.claimIfFree() }
    }
}
