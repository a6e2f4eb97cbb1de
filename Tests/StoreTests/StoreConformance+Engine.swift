import Engine
import Foundation
import Testing

/// The engine on each driver: what intake's triage does to the queue end to end.
extension StoreConformance {
    /// One worker, slow answers: routine questions wait, then an emergency arrives and is the next
    /// to run, ahead of the routine ones that came before it; its place is 1 while it waits.
    func anEmergencyQuestionRunsBeforeTheRoutineOnesAhead() async throws {
        let store = try await makeStore()
        let manager = try await TaskManager.open(
            configuration: EngineConfiguration(maxWorkers: 1, node: "conformance-node"), store: store,
            backend: LocalBackend(simulatedLatency: .milliseconds(1500)), knowledgeBase: KnowledgeBase.bundled())
        let workers = Task { await manager.run() }
        func ask(_ text: String) async throws -> TaskSnapshot {
            try await manager.submit(QARequest(input: text, maternalID: 7, userType: .pregnant_mother)).snapshot
        }
        do {
            let first = try await ask("孕期可以喝咖啡吗")
            #expect(try await Self.eventually { try await manager.status(first.id).status == .running })
            let waiting = [try await ask("孕期每天要补充多少叶酸"), try await ask("产后恶露一般持续多久")]
            let emergency = try await ask("怀孕32周，阴道大量出血，肚子一阵一阵剧痛")
            #expect(waiting.allSatisfy { $0.triage?.level == .routine && $0.priority == 0 })
            #expect(emergency.triage?.level == .emergency && emergency.priority == 2)
            #expect(emergency.triage?.signs.contains("vaginal_bleeding") == true)

            // While the first still runs: the emergency is next in line, the others behind it.
            let positions = [
                try await manager.status(emergency.id).queuePosition,
                try await manager.status(waiting[0].id).queuePosition,
                try await manager.status(waiting[1].id).queuePosition,
            ]
            if try await manager.status(first.id).status == .running {
                #expect(positions == [1, 2, 3])
            }
            #expect(try await manager.status(emergency.id).triage == emergency.triage)

            var ended: [TaskSnapshot] = []
            for task in [first, emergency] + waiting {
                ended.append(try #require(try await manager.waitForTerminal(task.id, timeout: .seconds(120))))
            }
            #expect(ended.allSatisfy { $0.status == .completed })
            let startOrder = ended.sorted { ($0.startedAt ?? .distantFuture) < ($1.startedAt ?? .distantFuture) }.map(
                \.id)
            #expect(startOrder == [first.id, emergency.id] + waiting.map(\.id))
            #expect(ended[1].triage?.level == .emergency && ended[1].result?.chatMeta.triage == .emergency)
        } catch {
            await manager.shutdown(grace: .seconds(5))
            await workers.value
            await store.close()
            throw error
        }
        await manager.shutdown(grace: .seconds(5))
        await workers.value
        await store.close()
    }

    static func eventually(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws -> Bool
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}
