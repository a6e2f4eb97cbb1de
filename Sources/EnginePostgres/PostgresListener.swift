import Engine
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// `StoreSignal`s from LISTEN/NOTIFY: each stream has a connection of its own (a pooled one would
/// be handed back between notifications) listening on `mqa_work` and `mqa_cancel`, reconnecting
/// with backoff when it drops, plus a jittered tick so that a notification missed (sent while
/// reconnecting) only delays the work it announced.
final class PostgresListener: Sendable {
    static let workChannel = "mqa_work"
    static let cancelChannel = "mqa_cancel"

    private let location: PostgresLocation
    private let logger: Logger
    /// How often the fallback `.changed` comes; nil for none (tests that want to see notifications alone).
    private let fallbackTick: ClosedRange<Duration>?
    private let streams = Mutex<[UUID: AsyncStream<StoreSignal>.Continuation]>([:])

    init(location: PostgresLocation, logger: Logger, fallbackTick: ClosedRange<Duration>?) {
        self.location = location
        self.logger = logger
        self.fallbackTick = fallbackTick
    }

    func signals() -> AsyncStream<StoreSignal> {
        AsyncStream { continuation in
            let key = UUID()
            streams.withLock { $0[key] = continuation }
            let listening = Task { await self.listen(continuation) }
            let ticking = Task { await self.tick(continuation) }
            continuation.onTermination = { [weak self] _ in
                listening.cancel()
                ticking.cancel()
                _ = self?.streams.withLock { $0.removeValue(forKey: key) }
            }
        }
    }

    /// Ends every stream (their tasks stop through `onTermination`).
    func close() {
        let open = streams.withLock { streams in
            defer { streams.removeAll() }
            return Array(streams.values)
        }
        for continuation in open { continuation.finish() }
    }

    private func tick(_ continuation: AsyncStream<StoreSignal>.Continuation) async {
        guard let fallbackTick else { return }
        let range = fallbackTick.lowerBound.milliseconds...fallbackTick.upperBound.milliseconds
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int64.random(in: range)))
            if Task.isCancelled { return }
            continuation.yield(.changed)
        }
    }

    private func listen(_ continuation: AsyncStream<StoreSignal>.Continuation) async {
        var backoff = Duration.milliseconds(100)
        var reconnecting = false
        while !Task.isCancelled {
            do {
                let configuration = try PostgresConnectionConfig.connection(location)
                let connection = try await PostgresConnection.connect(
                    configuration: configuration, id: Int.random(in: 1...Int.max), logger: logger)
                // Closed on every path: postgres-nio requires it before the connection goes away.
                let ended: Result<Void, any Error>
                do {
                    try await withTaskCancellationHandler {
                        try await connection.listen(on: Self.workChannel) { work in
                            try await connection.listen(on: Self.cancelChannel) { cancels in
                                backoff = .milliseconds(100)
                                // Whatever was sent while the connection was down is lost: look anyway.
                                if reconnecting { continuation.yield(.changed) }
                                reconnecting = true
                                try await relay(work: work, cancels: cancels, on: connection, to: continuation)
                            }
                        }
                    } onCancel: {
                        let _: EventLoopFuture<Void> = connection.close()
                    }
                    ended = .success(())
                } catch {
                    ended = .failure(error)
                }
                try? await connection.close()
                try ended.get()
            } catch {
                if Task.isCancelled { return }
                logger.warning(
                    """
                    PostgreSQL listener at \(location) lost its connection, retrying: \
                    \(PostgresErrorText.scrubbed(PostgresErrorText.describe(error), password: location.password))
                    """)
            }
            reconnecting = true
            try? await Task.sleep(for: backoff * Double.random(in: 0.8...1.2))
            backoff = min(backoff * 2, .seconds(5))
        }
    }

    /// Passes notifications on until either sequence ends or the connection stops answering.
    private func relay(
        work: PostgresNotificationSequence, cancels: PostgresNotificationSequence, on connection: PostgresConnection,
        to continuation: AsyncStream<StoreSignal>.Continuation
    ) async throws {
        let logger = logger
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await _ in work { continuation.yield(.changed) }
            }
            group.addTask {
                for try await notification in cancels { continuation.yield(.cancel(taskID: notification.payload)) }
            }
            // A connection that died without closing (a dropped network) would otherwise stay silent forever.
            group.addTask {
                while true {
                    try await Task.sleep(for: .seconds(10))
                    try await connection.query("SELECT 1", logger: logger)
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }
}
