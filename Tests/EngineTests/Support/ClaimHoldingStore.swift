import Foundation
import Synchronization

@testable import Engine

/// A store that, once asked, holds back the next claim and the run outcomes queued after it (and
/// whatever is queued behind those), and lets the test release the claim first: the order a busy
/// writer can commit them in (the claim in one transaction, an outcome queued behind it in the
/// next). It can also fail the next history reads, as a database that is restarting does.
/// Everything else goes straight to the real store underneath.
final class ClaimHoldingStore: TaskStore {
    typealias Report = @Sendable (Result<TaskWriteResult, StoreError>) -> Void

    private struct State {
        var holdingClaim = false
        var holdingOutcomes = false
        var claim: (TaskWrite, Report)?
        var outcomes: [(TaskWrite, Report)] = []
        var failingHistoryReads = 0
    }

    let base: any TaskStore
    private let state = Mutex(State())

    init(base: any TaskStore) { self.base = base }

    func holdNextClaim() {
        state.withLock { state in
            state.holdingClaim = true
            state.holdingOutcomes = true
        }
    }
    var heldClaim: Bool { state.withLock { $0.claim != nil } }

    /// The next `count` history reads fail with a `StoreError`.
    func failHistoryReads(_ count: Int) {
        state.withLock { $0.failingHistoryReads = count }
    }
    var heldOutcomes: Int { state.withLock { $0.outcomes.count } }

    /// Lets the held claim run and waits for its commit; the outcomes stay held.
    func releaseClaim() async -> [TaskSnapshot] {
        guard
            let (write, report) = state.withLock({ state in
                defer { state.claim = nil }
                return state.claim
            })
        else { return [] }
        let result = await withCheckedContinuation {
            (done: CheckedContinuation<Result<TaskWriteResult, StoreError>, Never>) in
            base.enqueue(write) { result in
                report(result)
                done.resume(returning: result)
            }
        }
        if case .success(.claimed(let tasks)) = result { return tasks }
        return []
    }

    /// Lets the held outcomes through, in order, and stops holding.
    func releaseOutcomes() {
        let outcomes = state.withLock { state in
            state.holdingOutcomes = false
            defer { state.outcomes = [] }
            return state.outcomes
        }
        for (write, report) in outcomes { base.enqueue(write, committed: report) }
    }

    func enqueue(_ write: TaskWrite, committed: @escaping Report) {
        let held = state.withLock { state -> Bool in
            switch write {
            case .claim where state.holdingClaim:
                state.holdingClaim = false
                state.claim = (write, committed)
                return true
            // (A `where` clause binds to the last pattern only: each outcome kind needs its own.)
            case .finish where state.holdingOutcomes && !state.holdingClaim,
                .complete where state.holdingOutcomes && !state.holdingClaim:
                state.outcomes.append((write, committed))
                return true
            default:
                // Whatever is queued behind a held outcome waits for it, as in the store's own queue.
                guard state.holdingOutcomes, !state.outcomes.isEmpty else { return false }
                state.outcomes.append((write, committed))
                return true
            }
        }
        if !held { base.enqueue(write, committed: committed) }
    }

    func task(id: String) async throws -> TaskSnapshot? { try await base.task(id: id) }
    func tasks(_ query: TaskQuery) async throws -> TaskPage { try await base.tasks(query) }
    func unfinishedTasks() async throws -> [TaskSnapshot] { try await base.unfinishedTasks() }
    func chat(id: String) async throws -> ChatRecord? { try await base.chat(id: id) }
    func messages(chatID: String, limit: Int?) async throws -> [ChatMessage] {
        let fails = state.withLock { state in
            defer { state.failingHistoryReads = max(0, state.failingHistoryReads - 1) }
            return state.failingHistoryReads > 0
        }
        if fails { throw StoreError("database query failed: the server is restarting") }
        return try await base.messages(chatID: chatID, limit: limit)
    }
    func deleteFinished(before cutoff: Date) async throws -> StatusCounts? {
        try await base.deleteFinished(before: cutoff)
    }
    func countByStatus() async throws -> StatusCounts { try await base.countByStatus() }
    func renewLeases(node: String, taskIDs: [String], lease: Duration) async throws -> Set<String> {
        try await base.renewLeases(node: node, taskIDs: taskIDs, lease: lease)
    }
    func rescue(_ scope: RescueScope, maxAttempts: Int) async throws -> RescueReport {
        try await base.rescue(scope, maxAttempts: maxAttempts)
    }
    func requestCancel(taskID: String) async throws -> CancelRequest { try await base.requestCancel(taskID: taskID) }
    func cancelRequests(node: String) async throws -> [String] { try await base.cancelRequests(node: node) }
    func pendingCount() async throws -> Int { try await base.pendingCount() }
    func signals() -> AsyncStream<StoreSignal> { base.signals() }
    func close() async { await base.close() }
}
