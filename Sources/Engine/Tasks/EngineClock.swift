import Foundation

/// Wall time and sleeping, injectable so retention and timeouts can be tested without waiting.
public protocol EngineClock: Sendable {
    func now() -> Date
    /// Sleeps for `duration`; throws `CancellationError` when the calling task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The real clock.
public struct SystemClock: EngineClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
