import ArgumentParser
import Engine
import Foundation

/// `maternal-qa bench`: pushes many tasks through the TaskManager with the local backend and a
/// real SQLite file, and prints submit latency, end-to-end throughput and peak RSS.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmark the task engine (see BENCHMARKS.md).")

    @Option(help: "Tasks to push through.") var tasks = 100_000
    @Option(help: "Concurrent submitters.") var submitters = 4
    @Flag(help: "Print each task id on stdout once its submission is accepted (used by the crash test).")
    var printTaskIds = false
    @Option(help: "Nodes claiming work: this process and N-1 `serve` child processes on the same database.")
    var nodes = 1
    @OptionGroup var engine: EngineOptions

    func run() async throws {
        try await runReportingFailures {
            guard tasks > 0, submitters > 0, nodes > 0 else {
                throw CLIFailure.badSettings("--tasks, --submitters and --nodes must be positive")
            }
            let scratch = FileManager.default.temporaryDirectory
                .appendingPathComponent("maternal-qa-bench-\(UUID().uuidString).sqlite").path
            var defaults: [String: String] = [:]
            if engine.database == nil { defaults["database"] = scratch }
            if engine.maxQueue == nil { defaults["max_queue"] = String(tasks) }
            let settings = try engine.settings(extraFlags: defaults)
            LoggingSetup.bootstrap(level: settings.logLevel == "info" ? "warning" : settings.logLevel)
            let manager = try await EngineRunner.open(settings)
            let others = try BenchNodes(count: nodes - 1, database: engine.database ?? scratch, engine: engine)
            defer { others.stop() }
            let report = try await EngineRunner.withRunningEngineResult(manager) {
                try await BenchRun(
                    manager: manager, tasks: tasks, submitters: submitters, printIDs: printTaskIds, cluster: nodes > 1
                ).run()
            }
            if engine.database == nil {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch + suffix) }
            }
            if !printTaskIds { print(report.summary(settings: settings, nodes: nodes)) }
        }
    }
}
