import Logging
import ServiceLifecycle

/// Acts on what the store says other processes did: new work wakes the dispatcher; a cancel
/// stops the run at its next step (PostgreSQL names the task at once; otherwise this node looks
/// up its runs' cancel flags); the queue's fill level is refreshed for `max_queue`.
final class StoreSignalListener: Service {
    /// Look-ups after a change signal are at most this frequent.
    static let lookupInterval: Duration = .milliseconds(200)

    private let configuration: EngineConfiguration
    private let store: any TaskStore
    private let registry: RunRegistry
    private let occupancy: QueueOccupancy
    private let workArrived: @Sendable () -> Void
    private let logger: Logger

    init(
        configuration: EngineConfiguration, store: any TaskStore, registry: RunRegistry, occupancy: QueueOccupancy,
        workArrived: @escaping @Sendable () -> Void, logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.registry = registry
        self.occupancy = occupancy
        self.workArrived = workArrived
        self.logger = logger
    }

    func run() async {
        var lastLookup = ContinuousClock.now - Self.lookupInterval
        for await signal in store.signals().cancelOnGracefulShutdown() {
            switch signal {
            case .cancel(let taskID):
                registry.run(taskID)?.stop(.cancelled)
            case .changed:
                workArrived()
                guard ContinuousClock.now - lastLookup >= Self.lookupInterval else { continue }
                lastLookup = ContinuousClock.now
                await lookUp()
            }
        }
    }

    private func lookUp() async {
        do {
            if !registry.isEmpty {
                for id in try await store.cancelRequests(node: configuration.node) {
                    registry.run(id)?.stop(.cancelled)
                }
            }
            occupancy.observe(pending: try await store.pendingCount())
        } catch {
            logger.error("reading the store after a change failed", metadata: ["error": "\(error)"])
        }
    }
}
