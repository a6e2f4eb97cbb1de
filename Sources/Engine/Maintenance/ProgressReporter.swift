import ServiceLifecycle

/// Writes the steps of this node's runs to the store about once a second, so that status, lists
/// and event streams on other nodes are never more than about a second behind. Only runs whose
/// step moved are written, all in one write; runs that start and end within a second cost nothing.
final class ProgressReporter: Service {
    static let interval: Duration = .seconds(1)

    private let store: any TaskStore
    private let registry: RunRegistry

    init(store: any TaskStore, registry: RunRegistry) {
        self.store = store
        self.registry = registry
    }

    func run() async {
        await repeatUntilShutdown(every: Self.interval) {
            let steps = self.registry.all.compactMap { $0.unreportedProgress() }
            // A lost step is overwritten by the next one; nothing waits on it.
            if !steps.isEmpty { self.store.enqueue(.progress(steps)) { _ in } }
        }
    }
}
