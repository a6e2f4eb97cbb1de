import Logging
import ServiceLifecycle
import Synchronization

/// Publishes what other nodes do to this node's followers, by reading the store while someone
/// follows: four times a second the tasks followed one by one that this node does not run (their
/// answers grow at the rate their nodes write them), and twice a second, for the terminal UI's
/// all-tasks stream, every unfinished task of the cluster (and the end of those that left that
/// set). Reads nothing while nobody follows.
final class ClusterFollower: Service {
    static let interval: Duration = .milliseconds(250)
    /// The all-tasks read happens every this many intervals.
    static let allTasksEvery = 2

    private let node: String
    private let store: any TaskStore
    private let registry: RunRegistry
    private let hub: EventHub
    private let counters: EngineCounters
    private let occupancy: QueueOccupancy
    private let logger: Logger

    init(
        node: String, store: any TaskStore, registry: RunRegistry, hub: EventHub, counters: EngineCounters,
        occupancy: QueueOccupancy, logger: Logger
    ) {
        self.node = node
        self.store = store
        self.registry = registry
        self.hub = hub
        self.counters = counters
        self.occupancy = occupancy
        self.logger = logger
    }

    func run() async {
        let seen = SeenTasks()
        let ticks = Mutex(0)
        await repeatUntilShutdown(every: Self.interval) {
            let tick = ticks.withLock { tick in
                tick += 1
                return tick
            }
            do {
                try await self.followSingles(seen)
                if tick % Self.allTasksEvery == 0 { try await self.followAll(seen) }
            } catch {
                self.logger.error("following the cluster's tasks failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func followSingles(_ seen: SeenTasks) async throws {
        let followed = hub.followedTaskIDs
        seen.forget(exceptFor: followed)
        for id in followed where registry.run(id) == nil {
            guard let task = try await store.task(id: id) else { continue }
            if seen.changed(task) { hub.publish(task) }
        }
    }

    private func followAll(_ seen: SeenTasks) async throws {
        guard hub.hasAllSubscribers else {
            seen.forgetUnfinished()
            return
        }
        let unfinished = try await store.unfinishedTasks()
        occupancy.observe(pending: unfinished.count { $0.status == .pending })
        counters.observe(try await store.countByStatus())
        // This node publishes its own runs as they move.
        for task in unfinished where task.node != node || registry.run(task.id) == nil {
            if seen.changed(task) { hub.publish(task) }
        }
        for id in seen.replaceUnfinished(with: unfinished.map(\.id)) where registry.run(id) == nil {
            if let task = try await store.task(id: id), seen.changed(task) { hub.publish(task) }
        }
    }
}

/// What the follower last published of each task, so it only publishes changes.
private final class SeenTasks: Sendable {
    private struct State {
        var last: [String: TaskSnapshot] = [:]
        var unfinished: Set<String> = []
    }

    private let state = Mutex(State())

    /// Records `task`; true when it differs from what was last seen of it.
    func changed(_ task: TaskSnapshot) -> Bool {
        state.withLock { state in
            guard state.last[task.id] != task else { return false }
            state.last[task.id] = task.status.isTerminal ? nil : task
            return true
        }
    }

    /// Sets the unfinished ids; returns those that were unfinished before and are not any more.
    func replaceUnfinished(with ids: [String]) -> [String] {
        state.withLock { state in
            let now = Set(ids)
            let left = state.unfinished.subtracting(now)
            state.unfinished = now
            return Array(left)
        }
    }

    /// Drops what was seen of tasks nobody follows any more (a stream closed before its end),
    /// except the unfinished ones the all-tasks stream still tracks.
    func forget(exceptFor followed: [String]) {
        state.withLock { state in
            let keep = state.unfinished.union(followed)
            state.last = state.last.filter { keep.contains($0.key) }
        }
    }

    func forgetUnfinished() {
        state.withLock { state in
            state.unfinished.removeAll()
            state.last.removeAll()
        }
    }
}
