import Engine
@testable import EnginePostgres
import Testing

/// The store conformance suite against PostgreSQL, each test on a database of its own.
@Suite(.enabled(if: TestPostgres.isConfigured, TestPostgres.skipReason))
struct PostgresConformanceTests {
    private func conformance(_ check: (StoreConformance) async throws -> Void) async throws {
        try await TestPostgres.withDatabase { location in
            try await check(StoreConformance { try await PostgresTaskStore.open(location, logger: TestPostgres.logger) })
        }
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
