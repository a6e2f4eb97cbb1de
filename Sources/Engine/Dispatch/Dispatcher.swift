import Foundation
import Logging
import Synchronization

/// Claims work from the store while this node has free worker places, and runs each claimed task
/// in a child task of one task group, which `run()` owns: when it returns, every run has ended
/// and written its outcome.
///
/// A claim is queued, without waiting, the moment there may be work and a place: when a run's
/// outcome is queued (so the claim for its place usually shares that outcome's commit), when a
/// submission on this node commits, when the store signals another process's change, when the
/// rescuer puts tasks back. One claim is on its way at a time. It counts the free places when the
/// store runs it, except places whose run's outcome was queued after it: that outcome commits
/// after the claim, so taking the place would show one task too many running in the store. Such
/// places, and whatever asks after the count, get one more claim once it is back. The claimed
/// tasks reach the run loop through a stream.
final class Dispatcher: Sendable {
    private struct State {
        var claiming = false
        /// Asked after the claim on its way counted its places.
        var wantsAnother = false
        /// What the claim on its way asked for, once the store ran it.
        var requested = 0
        /// Claimed, on their way to the run loop: they hold worker places already.
        var claimedNotStarted = 0
        /// Whether the claim on its way has counted its places yet.
        var counted = false
        /// Places freed after the claim on its way was queued and before it counted: their runs'
        /// outcomes are queued behind it, so it must leave them to the next claim.
        var freedBehindClaim = 0
        /// From `run()` until `stopClaiming()`: claims are only made while something runs them.
        var started = false
        var stopped = false
        var counts = ClaimCounts()
        /// Claims that failed since the last one that went through.
        var failuresInARow = 0
    }

    let configuration: EngineConfiguration
    let store: any TaskStore
    let registry: RunRegistry
    let runner: TaskRunner
    let occupancy: QueueOccupancy
    let watchdog: TimeoutWatchdog
    let clock: any EngineClock
    let logger: Logger
    private let state = Mutex(State())
    private let claimed = AsyncStream<[TaskSnapshot]>.makeStream()
    /// A notice per failed claim, for `ClaimRetrier`.
    let failedClaims = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))

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
    var claimCounts: ClaimCounts { state.withLock { $0.counts } }

    /// How long to wait before claiming again after a failed claim: from 0.25 s, doubling to 2 s
    /// while claims keep failing.
    var claimRetryPause: Duration {
        let failures = state.withLock { $0.failuresInARow }
        return min(.milliseconds(250) * (1 << min(max(failures - 1, 0), 3)), .seconds(2))
    }

    /// Queues a claim for the free worker places, or asks for one more once the claim on its way is back.
    func claimIfFree() {
        let queue = state.withLock { state -> Bool in
            guard state.started, !state.stopped else { return false }
            if state.claiming {
                state.wantsAnother = true
                return false
            }
            guard freePlaces(state) > 0 else { return false }
            state.claiming = true
            state.counted = false
            state.wantsAnother = false
            return true
        }
        guard queue else { return }
        let limit: @Sendable () -> Int = {
            self.state.withLock { state in
                state.wantsAnother = false
                state.counted = true
                state.requested = self.freePlaces(state)
                return state.requested
            }
        }
        store.enqueue(.claim(node: configuration.node, limit: limit, lease: configuration.lease)) { result in
            self.claimReturned(result)
        }
    }

    private func freePlaces(_ state: State) -> Int {
        configuration.maxWorkers - registry.activeCount - state.claimedNotStarted - state.freedBehindClaim
    }

    /// A run ended and its outcome is queued: claim for its place, after that outcome.
    func placeFreed() {
        let owed = state.withLock { state -> Bool in
            guard state.claiming, !state.counted else { return false }
            state.freedBehindClaim += 1
            state.wantsAnother = true
            return true
        }
        if !owed { claimIfFree() }
    }

    /// Claims nothing more; runs in progress go on, and `run()` returns once they have ended.
    func stopClaiming() {
        let finishNow = state.withLock { state in
            state.stopped = true
            return !state.claiming
        }
        if finishNow { claimed.continuation.finish() }
    }

    /// Runs what is claimed until `stopClaiming()`; a cancelled caller interrupts every run (each
    /// goes back to pending in the store).
    func run() async {
        state.withLock { $0.started = true }
        claimIfFree()
        await withDiscardingTaskGroup { group in
            for await tasks in claimed.stream {
                for task in tasks { start(task, in: &group) }
                // A place freed while these were counted twice (running and still on their way) was not claimed for.
                claimIfFree()
            }
        }
    }

    /// Runs on the store's writer: hands the tasks on and, when the claim took all it asked for
    /// or someone asked meanwhile, claims again.
    private func claimReturned(_ result: Result<TaskWriteResult, StoreError>) {
        var tasks: [TaskSnapshot] = []
        switch result {
        case .success(.claimed(let claimedTasks)):
            tasks = claimedTasks
            occupancy.left(tasks.count)
        case .success(let other):
            logger.error("the store answered a claim with another kind of result", metadata: ["result": "\(other)"])
        case .failure(let error):
            logger.error("claiming tasks failed", metadata: ["error": "\(error)"])
        }
        let (again, stopped) = state.withLock { state in
            if case .failure = result { state.failuresInARow += 1 } else { state.failuresInARow = 0 }
            state.claiming = false
            state.freedBehindClaim = 0
            state.counts.statements += 1
            state.counts.tasks += tasks.count
            state.claimedNotStarted += tasks.count
            defer { state.wantsAnother = false }
            return (state.wantsAnother || (!tasks.isEmpty && tasks.count == state.requested), state.stopped)
        }
        // Claimed after the stop was asked: they still run (and are interrupted with the rest).
        if !tasks.isEmpty { claimed.continuation.yield(tasks) }
        // Nothing else may ask again on a quiet node: the pending tasks would wait for the next submission.
        if case .failure = result { failedClaims.continuation.yield() }
        if stopped {
            claimed.continuation.finish()
        } else if again {
            claimIfFree()
        }
    }

    private func start(_ task: TaskSnapshot, in group: inout DiscardingTaskGroup) {
        let run = RunControl(
            claimed: task, holder: ClaimToken(node: configuration.node, attempt: task.attempts),
            deadline: clock.now().addingTimeInterval(configuration.taskTimeout.inSeconds))
        registry.add(run)
        state.withLock { $0.claimedNotStarted -= 1 }
        watchdog.runStarted()
        let runner = self.runner
        group.addTask { await runner.perform(run, placeFreed: { self.placeFreed() }) }
    }
}

/// How many claim statements a node ran, and how many tasks they gave it.
public struct ClaimCounts: Sendable, Equatable {
    public var statements = 0
    public var tasks = 0
}
