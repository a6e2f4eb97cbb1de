import Foundation
import Synchronization

@testable import Engine

/// A backend whose replies wait until the test opens the gate, and which records how many
/// generations run at once, so tests can hold tasks in `running` and check the worker bound.
final class GatedBackend: InferenceBackend {
    let name = "gated"

    private struct State {
        var open = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var active = 0
        var peak = 0
        var started = 0
        var cancelledMidStream = 0
    }

    private let state = Mutex(State())

    var peakConcurrency: Int { state.withLock { $0.peak } }
    var activeCount: Int { state.withLock { $0.active } }
    var startedCount: Int { state.withLock { $0.started } }
    var cancelledCount: Int { state.withLock { $0.cancelledMidStream } }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func generate(_ request: GenerationRequest, onChunk: @Sendable (GenerationChunk) async -> Void) async throws {
        state.withLock { state in
            state.active += 1
            state.started += 1
            state.peak = max(state.peak, state.active)
        }
        defer { state.withLock { $0.active -= 1 } }
        await onChunk(GenerationChunk(text: "第一段。", fraction: 0.3))
        // Waits for the gate, or for cancellation (sleeping in short steps keeps it cancellable).
        while !state.withLock({ $0.open }) {
            do {
                try await Task.sleep(for: .milliseconds(5))
            } catch {
                state.withLock { $0.cancelledMidStream += 1 }
                throw error
            }
        }
        await onChunk(GenerationChunk(text: "第二段。", fraction: 1))
    }
}

/// A backend that always fails, to see `backend_error`.
struct FailingBackend: InferenceBackend {
    let name = "failing"

    func generate(_ request: GenerationRequest, onChunk: @Sendable (GenerationChunk) async -> Void) async throws {
        throw BackendError("model server answered 500")
    }
}
