import Foundation
import Synchronization

/// The way in: validates a question, triages it, takes a place in the queue (`max_queue`),
/// inserts the pending task (with its triage and the queue priority that follows from it) into
/// the store and returns once the insert is durable. It never meets a run or
/// the dispatcher, only wakes it: whichever node claims the task first runs it.
final class TaskIntake: Sendable {
    private let configuration: EngineConfiguration
    private let store: any TaskStore
    private let occupancy: QueueOccupancy
    private let counters: EngineCounters
    private let hub: EventHub
    private let clock: any EngineClock
    private let workArrived: @Sendable () -> Void
    private let accepting = Atomic<Bool>(true)

    init(
        configuration: EngineConfiguration, store: any TaskStore, occupancy: QueueOccupancy, counters: EngineCounters,
        hub: EventHub, clock: any EngineClock, workArrived: @escaping @Sendable () -> Void
    ) {
        self.configuration = configuration
        self.store = store
        self.occupancy = occupancy
        self.counters = counters
        self.hub = hub
        self.clock = clock
        self.workArrived = workArrived
    }

    /// Refuses every submission from now on (shutdown).
    func close() {
        accepting.store(false, ordering: .relaxed)
    }

    /// The new pending task, or what the store refused it for.
    func submit(_ request: QARequest, owner: String?, idempotencyKey: String?) async throws -> (
        TaskSnapshot, InsertOutcome
    ) {
        guard accepting.load(ordering: .relaxed) else { throw TaskManagerError.shuttingDown }
        let request = try RequestValidation.validated(request)
        // Triage first, before anything is stored: a few microseconds of scanning, outside any
        // lock. The level and signs go in with the pending row, and the level orders the queue.
        let triage = TriageSummary.of(request)
        guard occupancy.reserve(limit: configuration.maxQueue) else {
            throw TaskManagerError.queueFull(retryAfter: retryAfterEstimate())
        }
        let chatID =
            request.chatID ?? RequestValidation.newChatID(maternalID: request.maternalID, userType: request.userType)
        let snapshot = TaskSnapshot(
            id: TaskSnapshot.newID(), status: .pending, stage: .queued, progress: StageProgress.queued,
            createdAt: clock.now(), request: request, chatID: chatID, triage: triage, owner: owner,
            priority: triage.level.queuePriority)
        let claim = idempotencyKey.map { IdempotencyClaim(key: $0, requestDigest: RequestDigest.of(request)) }
        let occupancy = self.occupancy
        let outcome: InsertOutcome
        do {
            // The count changes in the store's commit order, so a claim's report of what is left
            // pending is never followed by an older insert's increment.
            outcome = try await withCheckedThrowingContinuation { reply in
                store.enqueue(.insert(snapshot, claim: claim)) { result in
                    switch result {
                    case .success(.inserted(let outcome)):
                        if outcome == .inserted { occupancy.inserted() } else { occupancy.release() }
                        reply.resume(returning: outcome)
                    case .success:
                        occupancy.release()
                        reply.resume(throwing: StoreError("the store answered an insert with another kind of result"))
                    case .failure(let error):
                        occupancy.release()
                        reply.resume(throwing: error)
                    }
                }
            }
        } catch {
            throw TaskManagerError(storeFailure: error)
        }
        guard outcome == .inserted else { return (snapshot, outcome) }
        workArrived()
        hub.publish(snapshot)
        return (snapshot, outcome)
    }

    /// Seconds until a place is likely free: the waves of runs ahead of a new task, at the mean run time.
    func retryAfterEstimate() -> Int {
        let waves = Double(occupancy.pending) / Double(max(1, configuration.maxWorkers))
        return min(60, max(1, Int((waves * counters.meanRunSeconds).rounded(.up))))
    }
}
