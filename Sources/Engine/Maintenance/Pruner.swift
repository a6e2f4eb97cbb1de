import Logging
import ServiceLifecycle

/// Deletes finished tasks older than `max_age` every `cleanup_interval`. Every node runs one; the
/// store lets one at a time do the work (PostgreSQL: an advisory lock; SQLite: its single writer,
/// and the deletes are idempotent).
final class Pruner: Service {
    private let configuration: EngineConfiguration
    private let store: any TaskStore
    private let counters: EngineCounters
    private let clock: any EngineClock
    private let logger: Logger

    init(
        configuration: EngineConfiguration, store: any TaskStore, counters: EngineCounters, clock: any EngineClock,
        logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.counters = counters
        self.clock = clock
        self.logger = logger
    }

    func run() async {
        let clock = self.clock
        await repeatUntilShutdown(every: configuration.cleanupInterval, sleep: { try await clock.sleep(for: $0) }) {
            await self.prune()
        }
    }

    /// Returns how many went (0 when another node pruned instead).
    @discardableResult
    func prune() async -> Int {
        let cutoff = clock.now().addingTimeInterval(-configuration.maxAge.inSeconds)
        do {
            guard let deleted = try await store.deleteFinished(before: cutoff) else { return 0 }
            counters.pruned(deleted)
            let total = deleted.values.reduce(0, +)
            if total > 0 { logger.info("pruned expired tasks", metadata: ["count": "\(total)"]) }
            return total
        } catch {
            logger.error("pruning expired tasks failed", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
