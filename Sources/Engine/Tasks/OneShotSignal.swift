import Synchronization

/// Tells a running task to stop, and why. The worker races `wait()` against the workflow.
final class CancelSignal: Sendable {
    enum Reason: Sendable { case cancelled, shutdown }

    private struct State {
        var reason: Reason?
        var waiter: CheckedContinuation<Void, Never>?
        var waiterCancelled = false
    }

    private let state = Mutex(State())

    var reason: Reason? { state.withLock { $0.reason } }

    func fire(_ reason: Reason) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.reason == nil else { return nil }
            state.reason = reason
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Returns once fired, or once the calling task is cancelled. One waiter at a time.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.reason != nil || state.waiterCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.waiterCancelled = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
