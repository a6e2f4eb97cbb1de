/// Coalesces redraw requests: however many changes arrive, at most one frame per
/// `minimumInterval` (30 per second), and a frame only when something asked for one.
@MainActor
final class RedrawScheduler {
    static let minimumInterval = Duration.milliseconds(33)

    private let draw: @MainActor () -> Void
    private var lastDraw: ContinuousClock.Instant?
    private var pending: Task<Void, Never>?

    init(draw: @escaping @MainActor () -> Void) {
        self.draw = draw
    }

    func request() {
        guard pending == nil else { return }
        let wait = lastDraw.map { $0 + Self.minimumInterval - .now } ?? .zero
        pending = Task { @MainActor [weak self] in
            // Even with no wait, yielding lets the other changes already queued land in this frame.
            if wait > .zero { try? await Task.sleep(for: wait) } else { await Task.yield() }
            guard let self, !Task.isCancelled else { return }
            self.pending = nil
            self.lastDraw = .now
            self.draw()
        }
    }

    func cancel() {
        pending?.cancel()
        pending = nil
    }
}
