import Foundation

/// The built `maternal-qa` binary, run as a child process the way a user runs it.
enum MaternalQABinary {
    /// `$MQA_BINARY`, else next to the test bundle in the build folder.
    static var url: URL {
        if let override = ProcessInfo.processInfo.environment["MQA_BINARY"] { return URL(fileURLWithPath: override) }
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundleDirectory.appendingPathComponent("maternal-qa")
    }

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs to completion with an empty environment plus `environment` (so the developer's MQA_* do not leak in).
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Output {
        try await onThreadOfItsOwn {
            let process = Process()
            process.executableURL = url
            process.arguments = arguments
            process.environment = ["HOME": FileManager.default.temporaryDirectory.path, "PATH": "/usr/bin:/bin"]
                .merging(environment) { $1 }
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Output(
                status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                stderr: String(decoding: stderr, as: UTF8.self))
        }
    }
}

/// Runs blocking work (waiting for a child process, reading its pipe) on a thread of its own.
/// Swift concurrency runs every test on a pool of one thread per core; a test blocking one of them
/// for the seconds a child runs stalls the tests beside it (their stub servers stop answering and
/// their deadlines pass).
func onThreadOfItsOwn<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
