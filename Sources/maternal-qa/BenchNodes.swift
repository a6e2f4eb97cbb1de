import Engine
import Foundation

/// The extra nodes of a cluster benchmark: `maternal-qa serve` child processes on the bench's
/// database, each claiming work beside the bench's own engine. Stopped with SIGTERM (their
/// unfinished runs go back in line) when the bench ends.
final class BenchNodes {
    private var processes: [Process] = []

    init(count: Int, database: String, engine: EngineOptions) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        for index in 0..<count {
            let process = Process()
            process.executableURL = binary
            var arguments = [
                "serve", "--port", "0", "--database", database, "--node-id", "bench-node-\(index + 2)", "--log-level",
                "warning",
            ]
            for (flag, value) in [
                ("--max-workers", engine.maxWorkers), ("--simulated-latency-ms", engine.simulatedLatencyMs),
                ("--lease-seconds", engine.leaseSeconds), ("--task-timeout", engine.taskTimeout),
            ] {
                if let value { arguments += [flag, value] }
            }
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
    }

    func stop() {
        for process in processes where process.isRunning { process.terminate() }
        for process in processes { process.waitUntilExit() }
    }
}
