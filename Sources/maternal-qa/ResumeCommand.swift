import ArgumentParser
import Engine
import Foundation

/// `maternal-qa resume`: recovers a database left by a stopped or crashed process and runs every
/// unfinished task to its end, without serving anything. Prints a summary.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Run the tasks a stopped or crashed process left unfinished, then exit.")

    @OptionGroup var engine: EngineOptions

    func run() async throws {
        try await runReportingFailures {
            let settings = try engine.settings()
            LoggingSetup.bootstrap(level: settings.logLevel)
            let manager = try await EngineRunner.open(settings)
            let unfinished = await manager.liveTasks()
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
