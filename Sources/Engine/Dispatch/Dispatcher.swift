import Foundation
import Logging
import Synchronization

/// Claims work from the store while this node has free worker places, and runs each claimed task
/// in a child task of one task group, which `run()` owns: when it returns, every run has ended
/// and written its outcome.
///
/// It claims when woken: by a submission on this node, a run ending (a place came free), the
/// store's change signal (another process queued work), or the rescuer putting tasks back.
/// Wake-ups that come while a claim is on its way fold into one more claim.
final class Dispatcher: Sendable {
    let configuration: EngineConfiguration
    let store: any TaskStore
    let registry: RunRegistry
    let runner: TaskRunner
    let occupancy: QueueOccupancy
    let watchdog: TimeoutWatchdog
    let clock: any EngineClock
    let logger: Logger
    private let wakes = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    private let claims = Mutex(ClaimCounts())

    init(
        configuration: EngineConfiguration, store: any TaskStore, registry: RunRegistry, runner: TaskRunner,
        occupancy: QueueOccupancy, watchdog: TimeoutWatchdog, clock: any EngineClock, logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.registry = registry
        self.runner = runner
        self.occupancy = occupancy
        self.watchdog = watchdog
        self.clock = clock
        self.logger = logger
    }

    /// Claims made so far.
    var claimCounts: ClaimCounts { claims.withLock { $0 } }

    /// Asks for a claim as soon as the one on its way (if any) is back.
    func wake() {
        wakes.continuation.yield()
    }

    /// Claims nothing more; runs in progress go on, and `run()` returns once they have ended.
    func stopClaiming() {
        wakes.continuation.finish()
    }

    /// Claims and runs until `stopClaiming()`; a cancelled caller interrupts every run (each goes
    /// back to pending in the store).
    func run() async {
        wake()
        await withDiscardingTaskGroup { group in
            for await _ in wakes.stream {
                await claimWhileFree(&group)
            }
        }
    }

    private func claimWhileFree(_ group: inout DiscardingTaskGroup) async {
        while true {
            let free = configuration.maxWorkers - registry.activeCount
            guard free > 0 else { return }
            let claimed: [TaskSnapshot]
            do {
                claimed = try await claim(limit: free)
            } catch {
                // The next wake-up (the store's fallback signal at the latest) tries again.
                logger.error("claiming tasks failed", metadata: ["error": "\(error)"])
                return
            }
            for task in claimed { start(task, in: &group) }
            if claimed.count < free { return }
        }
    }

    /// Claims up to `limit` tasks. The queue count drops in the store's commit order (see
    /// `TaskIntake`), not after this task resumes.
    private func claim(limit: Int) async throws -> [TaskSnapshot] {
        let occupancy = self.occupancy
        let write = TaskWrite.claim(node: configuration.node, limit: limit, lease: configuration.lease)
        return try await withCheckedThrowingContinuation { reply in
            store.enqueue(write) { result in
                switch result {
                case .success(.claimed(let tasks)):
                    occupancy.left(tasks.count)
                    self.claims.withLock { counts in
                        counts.statements += 1
                        counts.tasks += tasks.count
                    }
                    reply.resume(returning: tasks)
                case .success:
                    reply.resume(throwing: StoreError("the store answered a claim with another kind of result"))
                case .failure(let error):
                    reply.resume(throwing: error)
                }
            }
        }
    }

    private func start(_ task: TaskSnapshot, in group: inout DiscardingTaskGroup) {
        let run = RunControl(
            claimed: task, holder: ClaimToken(node: configuration.node, attempt: task.attempts),
            deadline: clock.now().addingTimeInterval(configuration.taskTimeout.inSeconds))
        registry.add(run)
        watchdog.runStarted()
        let runner = self.runner
        group.addTask { await runner.perform(run, placeFreed: { self.wake() }) }
    }
}

extension Duration {
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// How many claim statements a node ran, and how many tasks they gave it.
public struct ClaimCounts: Sendable, Equatable {
    public var statements = 0
    public var tasks = 0
}
