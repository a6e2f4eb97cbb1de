import ArgumentParser
import Engine
import Foundation

/// `maternal-qa resume`: joins the database's nodes without serving anything and stays until every
/// task unfinished when it started has ended (run here or by another node; a crashed node's
/// tasks are rescued once their lease lapses). Prints a summary.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Run the tasks a stopped or crashed process left unfinished, then exit.")

    @OptionGroup var engine: EngineOptions

    func run() async throws {
        try await runReportingFailures {
            let settings = try engine.settings()
            LoggingSetup.bootstrap(level: settings.logLevel)
            let manager = try await EngineRunner.open(settings)
            let unfinished = try await manager.liveTasks()
            try await EngineRunner.withRunningEngine(manager) {
                for task in unfinished {
                    _ = try await manager.waitForTerminal(task.id, timeout: nil)
                }
            }
            let stats = await manager.stats()
            print("resumed \(unfinished.count) task(s); stored: \(stats.completed) completed, \(stats.failed) failed")
        }
    }
}
