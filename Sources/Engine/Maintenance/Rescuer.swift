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
    private let renewOwnLeases: @Sendable () async -> Void
    private let logger: Logger

    init(
        configuration: EngineConfiguration, store: any TaskStore, counters: EngineCounters,
        workArrived: @escaping @Sendable () -> Void, renewOwnLeases: @escaping @Sendable () async -> Void,
        logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.counters = counters
        self.workArrived = workArrived
        self.renewOwnLeases = renewOwnLeases
        self.logger = logger
    }

    /// A lapsed lease is found within a third of a lease (at most 10 s).
    var interval: Duration { min(configuration.lease / 3, .seconds(10)) }

    func run() async {
        await repeatUntilShutdown(every: interval, jitter: 0.2, immediately: true) { await self.rescue() }
    }

    /// Renews this node's own leases first: after the store could not take writes for a while
    /// (a full disk, a restart), the runs still going here have lapsed leases too, and putting
    /// them back in line would throw their work away.
    func rescue() async {
        await renewOwnLeases()
        do {
            let report = try await store.rescue(.expiredLeases, maxAttempts: configuration.maxAttempts)
            guard !report.isEmpty else { return }
            logger.warning(
                "rescued tasks whose lease lapsed",
                metadata: [
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
