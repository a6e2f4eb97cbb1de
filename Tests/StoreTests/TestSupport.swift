import Engine
import Foundation
import Synchronization
import Testing

/// Collects a store's signals in the background, so a test can wait for one.
final class SignalRecorder: Sendable {
    /// A class around the noncopyable `Mutex`, so the collecting task can share it.
    private final class Received: Sendable {
        let signals = Mutex<[StoreSignal]>([])
    }

    private let box = Received()
    private let task: Task<Void, Never>

    init(_ stream: AsyncStream<StoreSignal>) {
        let box = box
        task = Task { for await signal in stream { box.signals.withLock { $0.append(signal) } } }
    }

    var count: Int { box.signals.withLock(\.count) }

    func clear() { box.signals.withLock { $0.removeAll() } }

    /// True once `signal` arrived, false when it did not within `within`.
    func waitFor(_ signal: StoreSignal, within limit: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if box.signals.withLock({ $0.contains(signal) }) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return box.signals.withLock { $0.contains(signal) }
    }

    func stop() { task.cancel() }
}

/// A PostgreSQL server of the test's own, from `scripts/postgres_test_server.sh`, for tests that
/// restart it (the shared one serves other tests meanwhile).
struct TestServer: Sendable {
    let directory: String
    let url: String

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/postgres_test_server.sh").path

    static func start() throws -> TestServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mqa-pg-\(UUID().uuidString)")
            .path
        try run("start", directory)
        let output = try String(contentsOfFile: directory + "/env", encoding: .utf8)
        let prefix = "export MQA_TEST_POSTGRES_URL="
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix(prefix) })
        return TestServer(directory: directory, url: String(line.dropFirst(prefix.count)))
    }

    func restart() throws { try Self.run("restart", directory) }

    func stop() {
        try? Self.run("stop", directory)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Spawned and reaped by hand, its output to /dev/null (the URL, with its password, is read
    /// from DIR/env).
    private static func run(_ command: String, _ directory: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The server the script starts must not hold the test process's output open.
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments: [UnsafeMutablePointer<CChar>?] =
            [String](["/bin/bash", script, command, directory]).map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/bash", &actions, nil, arguments, environ) == 0 else {
            throw StoreError("cannot run postgres_test_server.sh")
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        guard status == 0 else {
            throw StoreError("postgres_test_server.sh \(command) failed with status \(status)")
        }
    }
}
