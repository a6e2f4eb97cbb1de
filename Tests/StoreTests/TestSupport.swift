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

    /// Runs `body` with a server of its own, stopped and removed afterwards.
    static func with(_ body: (TestServer) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mqa-pg-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await run("start", directory)
        do {
            let output = try String(contentsOfFile: directory + "/env", encoding: .utf8)
            let prefix = "export MQA_TEST_POSTGRES_URL="
            let line = try #require(output.split(separator: "\n").first { $0.hasPrefix(prefix) })
            try await body(TestServer(directory: directory, url: String(line.dropFirst(prefix.count))))
        } catch {
            try? await run("stop", directory)
            throw error
        }
        try await run("stop", directory)
    }

    func restart() async throws { try await Self.run("restart", directory) }

    /// Spawned and reaped by hand, its output to /dev/null (the URL, with its password, is read
    /// from DIR/env). Polled rather than waited for: `initdb` takes seconds, and blocking one of the
    /// few threads Swift concurrency runs every test on would stall the tests beside this one.
    private static func run(_ command: String, _ directory: String) async throws {
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
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped == -1, errno != EINTR { throw StoreError("cannot wait for postgres_test_server.sh") }
            try? await Task.sleep(for: .milliseconds(20))
        }
        guard status == 0 else {
            throw StoreError("postgres_test_server.sh \(command) failed with status \(status)")
        }
    }
}
