import ServiceLifecycle

/// Claims again a moment after a claim failed (the disk full or read-only, the database
/// restarting), so tasks already accepted start once the store takes writes again without
/// waiting for a submission or another node to wake this one.
final class ClaimRetrier: Service {
    private let dispatcher: Dispatcher

    init(dispatcher: Dispatcher) {
        self.dispatcher = dispatcher
    }

    func run() async {
        await cancelWhenGracefulShutdown {
            for await _ in self.dispatcher.failedClaims.stream {
                do {
                    try await Task.sleep(for: self.dispatcher.claimRetryPause)
                } catch {
                    return
                }
                self.dispatcher.claimIfFree()
            }
        }
    }
}
