import ArgumentParser
import Foundation

/// Failures that end the program with a clear message on stderr and a distinct exit code.
enum CLIFailure: Error {
    /// A setting or argument is unusable (exit 2).
    case badSettings(String)
    /// The question itself was refused (exit 2).
    case badInput(String)
    /// The task ran and failed, or the engine could not start (exit 1).
    case failed(String)

    func exit() -> Never {
        let (message, code): (String, Int32) =
            switch self {
            case .badSettings(let message): ("error: \(message)", 2)
            case .badInput(let message): ("error: \(message)", 2)
            case .failed(let message): ("error: \(message)", 1)
            }
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(code)
    }
}

/// Runs a command body, turning `CLIFailure` into its message and exit code.
func runReportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as CLIFailure {
        failure.exit()
    }
}
