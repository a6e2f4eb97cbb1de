import Logging
import ServiceLifecycle

/// Puts back in line the tasks whose lease lapsed (their node died or lost the database), or ends
/// them `interrupted` past `max_attempts`, or `cancelled` when cancel was asked. Every node runs
/// one: the guard is in the store's update itself, so two rescuers never both act on one task
/// and a task that finished or renewed meanwhile is left alone.
final class Rescuer: Service {
    private let configuration: EngineConfiguration
    private let store: any TaskStore
    private let counters: EngineCounters
    private let workArrived: @Sendable () -> Void
    private let logger: Logger

    init(
        configuration: EngineConfiguration, store: any TaskStore, counters: EngineCounters,
        workArrived: @escaping @Sendable () -> Void, logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.counters = counters
        self.workArrived = workArrived
        self.logger = logger
    }

    /// A lapsed lease is found within a third of a lease (at most 10 s).
    var interval: Duration { min(configuration.lease / 3, .seconds(10)) }

    func run() async {
        await repeatUntilShutdown(every: interval, jitter: 0.2, immediately: true) { await self.rescue() }
    }

    func rescue() async {
        do {
            let report = try await store.rescue(.expiredLeases, maxAttempts: configuration.maxAttempts)
            guard !report.isEmpty else { return }
            logger.warning("rescued tasks whose lease lapsed", metadata: [
                "requeued": "\(report.requeued.count)", "failed_interrupted": "\(report.interrupted.count)",
                "cancelled": "\(report.cancelled.count)",
            ])
            counters.finished(.failed, count: report.interrupted.count + report.cancelled.count)
            if !report.requeued.isEmpty { workArrived() }
        } catch {
            logger.error("rescuing tasks failed", metadata: ["error": "\(error)"])
        }
    }
}
