import ServiceLifecycle

/// Runs `tick` now (when `immediately`) and then after every `interval`, spread by ±`jitter` (a
/// fraction) so that nodes started together do not act in step, until a graceful shutdown or
/// cancellation. Sleeps on `sleep`, the real clock unless a test's clock is given.
func repeatUntilShutdown(
    every interval: Duration, jitter: Double = 0, immediately: Bool = false,
    sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
    _ tick: @escaping @Sendable () async -> Void
) async {
    await cancelWhenGracefulShutdown {
        if immediately { await tick() }
        while !Task.isCancelled {
            let spread = jitter > 0 ? Double.random(in: (1 - jitter)...(1 + jitter)) : 1
            do {
                try await sleep(interval * spread)
            } catch {
                return
            }
            await tick()
        }
    }
}
