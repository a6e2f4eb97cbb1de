import Engine
@testable import EnginePostgres
import Foundation
import Testing

/// What only the PostgreSQL driver does: its connection errors, migrating once, notifications
/// between stores and surviving a server restart.
@Suite(.enabled(if: TestPostgres.isConfigured, TestPostgres.skipReason))
struct PostgresStoreTests {
    /// Opening fails fast, names the problem, and never shows the password.
    @Test func connectionProblemsAreNamedWithoutThePassword() async throws {
        let server = try TestPostgres.serverLocation()
        let password = try #require(server.password)
        func failure(_ change: (inout PostgresLocation) -> Void) async -> String {
            var location = server
            change(&location)
            let started = ContinuousClock.now
            do {
                let store = try await PostgresTaskStore.open(location, logger: TestPostgres.logger)
                await store.close()
                return "opened"
            } catch {
                #expect(ContinuousClock.now - started < .seconds(8))
                return "\(error)"
            }
        }
        let refused = await failure { $0.port = 1 }
        #expect(refused == "cannot connect to PostgreSQL at 127.0.0.1:1: connection refused")
        let wrongPassword = await failure { $0.password = "wrong-\(password)" }
        #expect(wrongPassword == "PostgreSQL refused the password for user mqa")
        let missingDatabase = await failure { $0.database = "mqa_missing" }
        #expect(missingDatabase.contains("database \"mqa_missing\" does not exist"))
        let unknownHost = await failure { $0.host = "no-such-host.invalid" }
        #expect(unknownHost.hasPrefix("cannot connect to PostgreSQL at no-such-host.invalid:\(server.port): "))
        for message in [refused, wrongPassword, missingDatabase, unknownHost] {
            #expect(!message.contains(password))
        }
        #expect(!"\(server)".contains(password))
    }

    @Test func tenNodesStartingTogetherMigrateOnce() async throws {
        try await TestPostgres.withDatabase { location in
            let stores = try await withThrowingTaskGroup(of: PostgresTaskStore.self) { group in
                for _ in 0..<10 { group.addTask { try await PostgresTaskStore.open(location, logger: TestPostgres.logger) } }
                return try await group.reduce(into: [PostgresTaskStore]()) { $0.append($1) }
            }
            #expect(stores.count == 10)
            let versions = try await TestPostgres.values(location, "SELECT version FROM mqa_schema_migrations", as: Int.self)
            #expect(versions == PostgresSchema.migrations.map(\.version))
            for store in stores { await store.close() }
        }
    }

    @Test func notificationsReachOtherStores() async throws {
        try await TestPostgres.withDatabase { location in
            let writer = try await PostgresTaskStore.open(location, logger: TestPostgres.logger)
            // No fallback tick: only a notification can produce a signal here.
            let reader = try await PostgresTaskStore.open(location, logger: TestPostgres.logger, fallbackTick: nil)
            let signals = SignalRecorder(reader.signals())
            try await Task.sleep(for: .milliseconds(300))  // LISTEN is in place

            let task = StoreConformance.newTask()
            _ = try await writer.insert(task, claim: nil)
            #expect(await signals.waitFor(.changed))
            _ = try await writer.claim(node: "n1", limit: 1, lease: .seconds(60))
            _ = try await writer.requestCancel(taskID: task.id)
            #expect(await signals.waitFor(.cancel(taskID: task.id)))

            signals.stop()
            await reader.close()
            await writer.close()
        }
    }

    /// A server restart fails the writes in flight at most; later writes and the listener work again.
    @Test(.timeLimit(.minutes(2))) func survivesAServerRestart() async throws {
        let server = try TestServer.start()
        defer { server.stop() }
        try await TestPostgres.withDatabase(url: server.url) { location in
            let store = try await PostgresTaskStore.open(location, logger: TestPostgres.logger)
            let listener = try await PostgresTaskStore.open(location, logger: TestPostgres.logger, fallbackTick: nil)
            let signals = SignalRecorder(listener.signals())
            try await Task.sleep(for: .milliseconds(300))

            let writing = Task {
                var failures = 0
                while !Task.isCancelled {
                    do { _ = try await store.insert(StoreConformance.newTask(), claim: nil) } catch { failures += 1 }
                }
                return failures
            }
            try await Task.sleep(for: .milliseconds(300))
            try server.restart()
            try await Task.sleep(for: .milliseconds(500))
            writing.cancel()
            _ = await writing.value

            // The pool reconnects: writes work again.
            var outcome: InsertOutcome?
            for _ in 0..<50 where outcome == nil {
                outcome = try? await store.insert(StoreConformance.newTask(), claim: nil)
                if outcome == nil { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(outcome == .inserted)
            // The listener reconnects and hears new notifications.
            signals.clear()
            for _ in 0..<20 {
                _ = try await store.insert(StoreConformance.newTask(), claim: nil)
                if await signals.waitFor(.changed, within: .milliseconds(500)) { break }
            }
            #expect(await signals.waitFor(.changed, within: .milliseconds(1)))

            signals.stop()
            await listener.close()
            await store.close()
        }
    }
}
