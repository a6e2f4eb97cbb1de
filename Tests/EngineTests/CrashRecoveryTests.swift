import EngineSQLite
import Foundation
import Testing

@testable import Engine

@Suite("Crash recovery with a real process")
struct CrashRecoveryTests {
    @Test("SIGKILL mid-run, then restart: every accepted task ends completed or failed")
    func killedProcessLosesNothing() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mqa-crash-\(UUID().uuidString).sqlite"
        ).path
        let arguments = [
            "bench", "--tasks", "400", "--submitters", "4", "--print-task-ids",
            "--database", path, "--max-workers", "4", "--simulated-latency-ms", "400", "--lease-seconds", "3",
        ]
        let (killed, accepted) = try await onThreadOfItsOwn { () throws -> (Bool, [String]) in
            let process = Process()
            process.executableURL = MaternalQABinary.url
            process.arguments = arguments
            process.environment = ["HOME": FileManager.default.temporaryDirectory.path]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()

            // Read accepted ids until enough are in flight, then kill without warning.
            var buffer = Data()
            var accepted: [String] = []
            let reader = out.fileHandleForReading
            while accepted.count < 60 {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                let lines = String(decoding: buffer, as: UTF8.self).split(
                    separator: "\n", omittingEmptySubsequences: false)
                accepted = lines.dropLast().map(String.init).filter { $0.hasPrefix("task_") }
            }
            let enoughInFlight = accepted.count >= 60
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // The rest of the pipe may still hold ids accepted just before the kill.
            buffer.append(reader.readDataToEndOfFile())
            accepted = String(decoding: buffer, as: UTF8.self).split(separator: "\n").map(String.init).filter {
                $0.hasPrefix("task_")
            }
            return (process.terminationReason == .uncaughtSignal && enoughInFlight, accepted)
        }
        #expect(killed, "the process was to be killed with 60 tasks accepted; accepted \(accepted.count)")

        let killedState = try SQLiteTaskStore(path: path)
        let unfinished = try await killedState.unfinishedTasks()
        #expect(!unfinished.isEmpty, "the kill should have left work behind")

        let resume = try await MaternalQABinary.run([
            "resume", "--database", path, "--max-workers", "8", "--lease-seconds", "3",
        ])
        #expect(resume.status == 0, "resume failed: \(resume.stderr)")

        let store = try SQLiteTaskStore(path: path)
        var missing: [String] = []
        var unfinishedIDs: [String] = []
        for id in accepted {
            guard let task = try await store.task(id: id) else {
                missing.append(id)
                continue
            }
            if !task.status.isTerminal { unfinishedIDs.append(id) }
        }
        #expect(missing.isEmpty, "accepted tasks lost: \(missing.prefix(5))")
        #expect(unfinishedIDs.isEmpty, "tasks left hanging: \(unfinishedIDs.prefix(5))")
        #expect(try await store.unfinishedTasks().isEmpty)
    }
}
