import Foundation
import Testing

@testable import Engine

@Suite("What a follower reads after the end")
struct FinalReadTests {
    /// A follower told a task has ended reads it ended: the run leaves this node's registry
    /// (where status reads running tasks) before the end is published. Many tasks at once, so
    /// that a follower woken by the end gets to read while its run's task is still going.
    @Test(.timeLimit(.minutes(2))) func statusAfterTheTerminalEventIsTerminal() async throws {
        let engine = try await EngineFixture.start(configuration: EngineConfiguration(maxWorkers: 8, maxQueue: 1000))
        let stale = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<400 {
                group.addTask {
                    let submission = try await engine.manager.submit(
                        question("孕期可以喝咖啡吗\(index)", maternalID: Int64(index + 1)))
                    var last: TaskSnapshot?
                    for await snapshot in try await engine.manager.updates(of: submission.snapshot.id) {
                        last = snapshot
                    }
                    guard let last, last.status.isTerminal else { return 1 }
                    return try await engine.manager.status(last.id).status.isTerminal ? 0 : 1
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(stale == 0, "\(stale) of 400 status reads after the terminal event found the task still running")
        await engine.stop()
    }
}
