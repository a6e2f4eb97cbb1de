import Logging
import ServiceLifecycle

/// Renews the leases of every task this node runs, in one statement every `lease / 3`, and stops
/// the runs the store says this node no longer holds (their lease lapsed and another node took
/// them back, or they were cancelled and ended elsewhere): their outcome would be fenced out anyway.
final class LeaseKeeper: Service {
    private let configuration: EngineConfiguration
    private let store: any TaskStore
    private let registry: RunRegistry
    private let logger: Logger

    init(configuration: EngineConfiguration, store: any TaskStore, registry: RunRegistry, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.registry = registry
        self.logger = logger
    }

    func run() async {
        await repeatUntilShutdown(every: configuration.lease / 3) { await self.renew() }
    }

    func renew() async {
        let runs = registry.all
        guard !runs.isEmpty else { return }
        do {
            let held = try await store.renewLeases(
                node: configuration.node, taskIDs: runs.map(\.claimed.id), lease: configuration.lease)
            for run in runs where !held.contains(run.claimed.id) && !run.hasEnded {
                logger.warning(
                    "a running task was taken from this node; stopping it", metadata: ["task_id": "\(run.claimed.id)"])
                run.stop(.lostClaim)
            }
        } catch {
            // Renewing goes on every lease/3; a lease lapses only after three misses in a row.
            logger.error("renewing leases failed", metadata: ["error": "\(error)"])
        }
    }
}
