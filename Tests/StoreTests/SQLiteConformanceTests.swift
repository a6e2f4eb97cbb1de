import Engine
import EngineSQLite
import Foundation
import Testing

/// The store conformance suite against SQLite, each test on a file of its own that several
/// stores (as several processes would) open together.
@Suite struct SQLiteConformanceTests {
    private func conformance(_ check: (StoreConformance) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mqa-store-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try await check(StoreConformance { try SQLiteTaskStore(path: path) })
    }

    @Test func insertAndReadBack() async throws { try await conformance { try await $0.insertAndReadBack() } }
    @Test func idempotencyAndChatOwnership() async throws {
        try await conformance { try await $0.idempotencyAndChatOwnership() }
    }
    @Test func claimOrder() async throws { try await conformance { try await $0.claimsHighestPriorityThenAcceptanceOrder() } }
    @Test func racingClaimers() async throws { try await conformance { try await $0.racingClaimersTakeEachTaskOnce() } }
    @Test func fencing() async throws { try await conformance { try await $0.fencedWritesOfALostClaimWriteNothing() } }
    @Test func progress() async throws { try await conformance { try await $0.progressIsFencedAndNeverGoesBack() } }
    @Test func shutdownRequeue() async throws { try await conformance { try await $0.shutdownPutsATaskBackInTheQueue() } }
    @Test func groupCommit() async throws { try await conformance { try await $0.groupCommitReportsInOrderAndIsolatesFailures() } }
    @Test func renewLeases() async throws { try await conformance { try await $0.renewLeasesReturnsTheTasksStillHeld() } }
    @Test func rescue() async throws { try await conformance { try await $0.rescueIsGuarded() } }
    @Test func cancel() async throws { try await conformance { try await $0.cancelRequests() } }
    @Test func countsAndRetention() async throws { try await conformance { try await $0.countsAndRetention() } }
    @Test func concurrentOpens() async throws { try await conformance { try await $0.concurrentOpensAllSucceed() } }
}
