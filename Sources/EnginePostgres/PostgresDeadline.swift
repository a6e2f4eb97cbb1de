import Engine
import PostgresNIO
import Synchronization

/// Work on one pooled connection that fails once a time limit passes. A server that restarted
/// under a statement can leave it waiting on the old connection for good (cancelling the task
/// does not end it), and whoever awaits it would wait too: a batch would hold every later write,
/// and a run reading its chat's history would hold its task, its lease renewed, for ever. On the
/// limit the connection is closed under the statement; the work runs in a task of its own, left
/// behind, which ends when it notices.
enum PostgresDeadline {
    /// Long enough for any statement of a healthy server, short against a lease.
    static let limit: Duration = .seconds(10)

    static func withConnection<Value: Sendable>(
        _ client: PostgresClient, _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        let leased = LeasedConnection()
        let answer = OneAnswer<Value>()
        return try await withCheckedThrowingContinuation { continuation in
            answer.set(continuation)
            let work = Task {
                do {
                    answer.give(
                        .success(
                            try await client.withConnection { connection in
                                leased.connection.withLock { $0 = connection }
                                return try await body(connection)
                            }))
                } catch {
                    answer.give(.failure(error))
                }
            }
            let timer = Task {
                try await Task.sleep(for: limit)
                // Answered before the connection is closed, so the work's own failure (the closed
                // connection) cannot come first and hide why.
                answer.give(
                    .failure(
                        StoreError(
                            "the database did not answer within \(limit.components.seconds) s", fault: .unreachable)))
                leased.connection.withLock { $0 }?.close().whenComplete { _ in }
                work.cancel()
            }
            answer.onGiven { timer.cancel() }
        }
    }
}

/// The connection the work runs on, for its timeout to close.
private final class LeasedConnection: Sendable {
    let connection = Mutex<PostgresConnection?>(nil)
}

/// The work's answer: the first of its result and its timeout, given once.
private final class OneAnswer<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var given = false
        var onGiven: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    func set(_ continuation: CheckedContinuation<Value, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    /// Called once the answer is given (at once if it was).
    func onGiven(_ action: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.given { return true }
            state.onGiven = action
            return false
        }
        if now { action() }
    }

    func give(_ result: Result<Value, any Error>) {
        let (continuation, action) = state.withLock {
            state -> (CheckedContinuation<Value, any Error>?, (@Sendable () -> Void)?) in
            guard !state.given else { return (nil, nil) }
            state.given = true
            defer {
                state.continuation = nil
                state.onGiven = nil
            }
            return (state.continuation, state.onGiven)
        }
        continuation?.resume(with: result)
        action?()
    }
}
