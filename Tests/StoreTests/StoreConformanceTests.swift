import Engine
import EngineSQLite
import Foundation
import Testing

@testable import EnginePostgres

/// The store conformance suite against each driver, each test on a store of its own that several
/// stores (as several nodes would) open together: a SQLite file, or a fresh PostgreSQL database
/// (when `MQA_TEST_POSTGRES_URL` names a server, as `scripts/test` sets it; `PostgresStoreTests`
/// shows the skip otherwise).
@Suite struct StoreConformanceTests {
    enum Driver: String, CaseIterable, Sendable {
        case sqlite, postgres

        static var available: [Driver] { TestPostgres.isConfigured ? allCases : [.sqlite] }

        func check(_ body: (StoreConformance) async throws -> Void) async throws {
            switch self {
            case .sqlite:
                let path = FileManager.default.temporaryDirectory
                    .appendingPathComponent("mqa-store-\(UUID().uuidString).sqlite").path
                defer {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
                try await body(StoreConformance { try SQLiteTaskStore(path: path) })
            case .postgres:
                try await TestPostgres.withDatabase { location in
                    try await body(
                        StoreConformance { try await PostgresTaskStore.open(location, logger: TestPostgres.logger) })
                }
            }
        }
    }

    @Test(arguments: Driver.available) func insertAndReadBack(_ driver: Driver) async throws {
        try await driver.check { try await $0.insertAndReadBack() }
    }
    @Test(arguments: Driver.available) func idempotencyAndChatOwnership(_ driver: Driver) async throws {
        try await driver.check { try await $0.idempotencyAndChatOwnership() }
    }
    @Test(arguments: Driver.available) func claimOrder(_ driver: Driver) async throws {
        try await driver.check { try await $0.claimsHighestPriorityThenAcceptanceOrder() }
    }
    @Test(arguments: Driver.available) func triagePriority(_ driver: Driver) async throws {
        try await driver.check { try await $0.triagePriorityOrdersTheQueueAndItsPositions() }
    }
    @Test(arguments: Driver.available) func emergencyRunsNext(_ driver: Driver) async throws {
        try await driver.check { try await $0.anEmergencyQuestionRunsBeforeTheRoutineOnesAhead() }
    }
    @Test(arguments: Driver.available) func racingClaimers(_ driver: Driver) async throws {
        try await driver.check { try await $0.racingClaimersTakeEachTaskOnce() }
    }
    @Test(arguments: Driver.available) func fencing(_ driver: Driver) async throws {
        try await driver.check { try await $0.fencedWritesOfALostClaimWriteNothing() }
    }
    @Test(arguments: Driver.available) func progress(_ driver: Driver) async throws {
        try await driver.check { try await $0.progressIsFencedAndNeverGoesBack() }
    }
    @Test(arguments: Driver.available) func answerSoFar(_ driver: Driver) async throws {
        try await driver.check { try await $0.answerSoFarFollowsTheRun() }
    }
    @Test(arguments: Driver.available) func shutdownRequeue(_ driver: Driver) async throws {
        try await driver.check { try await $0.shutdownPutsATaskBackInTheQueue() }
    }
    @Test(arguments: Driver.available) func groupCommit(_ driver: Driver) async throws {
        try await driver.check { try await $0.groupCommitReportsInOrderAndIsolatesFailures() }
    }
    @Test(arguments: Driver.available) func renewLeases(_ driver: Driver) async throws {
        try await driver.check { try await $0.renewLeasesReturnsTheTasksStillHeld() }
    }
    @Test(arguments: Driver.available) func rescue(_ driver: Driver) async throws {
        try await driver.check { try await $0.rescueIsGuarded() }
    }
    @Test(arguments: Driver.available) func cancel(_ driver: Driver) async throws {
        try await driver.check { try await $0.cancelRequests() }
    }
    @Test(arguments: Driver.available) func countsAndRetention(_ driver: Driver) async throws {
        try await driver.check { try await $0.countsAndRetention() }
    }
    @Test(arguments: Driver.available) func concurrentOpens(_ driver: Driver) async throws {
        try await driver.check { try await $0.concurrentOpensAllSucceed() }
    }
}
