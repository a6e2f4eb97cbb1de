import ServiceLifecycle

/// Writes the steps and answers so far of this node's runs to the store four times a second, so
/// that status, lists and event streams on other nodes follow the text as it is written without
/// a database write per piece. Only runs that moved are written, all in one write; runs that
/// start and end within the interval cost nothing.
final class ProgressReporter: Service {
    static let interval: Duration = .milliseconds(250)

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
