import Foundation
import Synchronization

@testable import Engine

/// A manual clock: `now` moves only when a test advances it, and sleepers wake when their deadline passes.
final class TestClock: EngineClock {
    private struct Sleeper {
        let deadline: Date
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleepers: [UUID: Sleeper] = [:]
    }

    private let state: Mutex<State>

    init(now: Date = Date(timeIntervalSince1970: 1_758_537_000)) {
        state = Mutex(State(now: now))
    }

    func now() -> Date { state.withLock { $0.now } }

    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// Whether something sleeps until exactly `seconds` from now (e.g. the retention loop's next pass).
    func hasSleeper(wakingIn seconds: TimeInterval) -> Bool {
        state.withLock { state in
            let deadline = state.now.addingTimeInterval(seconds)
            return state.sleepers.values.contains { $0.deadline == deadline }
        }
    }

    func sleep(for duration: Duration) async throws {
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                state.withLock { state in
                    let deadline = state.now.addingTimeInterval(duration.inSeconds)
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes every sleeper whose deadline has passed.
    func advance(by seconds: TimeInterval) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.addingTimeInterval(seconds)
            let now = state.now
            let ready = state.sleepers.filter { $0.value.deadline <= now }
            for key in ready.keys { state.sleepers[key] = nil }
            return Array(ready.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
