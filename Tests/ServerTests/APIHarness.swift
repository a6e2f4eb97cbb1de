import Engine
import EngineDrivers
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import Server

/// Runs a test against the real application over a fresh in-memory engine whose workers run for
/// the duration of the test.
enum APIHarness {
    static let logger: Logger = {
        var logger = Logger(label: "server-tests")
        logger.logLevel = .critical
        return logger
    }()

    /// Settings as `serve` would resolve them; `apiKeys` go through the environment, as in production.
    static func settings(_ flags: [String: String] = [:], apiKeys: [String] = []) throws -> AppSettings {
        let base = ["database": ":memory:", "port": "0", "max_workers": "2", "log_level": "critical"]
        let environment = apiKeys.isEmpty ? [:] : ["MQA_API_KEYS": apiKeys.joined(separator: ",")]
        return try SettingsLoader.load(flags: base.merging(flags) { $1 }, environment: environment)
    }

    static func run<Value: Sendable>(
        _ flags: [String: String] = [:], apiKeys: [String] = [], setup: TestingSetup = .router,
        _ test: @Sendable (any TestClientProtocol, TaskManager) async throws -> Value
    ) async throws -> Value {
        let settings = try settings(flags, apiKeys: apiKeys)
        let manager = try await EngineBootstrap.openManager(settings: settings, logger: logger)
        let workers = Task { await manager.run() }
        let app = buildApplication(manager: manager, settings: settings, logger: logger)
        let result = await Result { try await app.test(setup) { client in try await test(client, manager) } }
        await manager.shutdown(grace: .seconds(1))
        await workers.value
        return try result.get()
    }
}

extension Result where Failure == any Error {
    /// `Result(catching:)` for async bodies.
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

/// A decoded envelope, for assertions.
struct EnvelopeBody {
    let code: Int
    let msg: String
    let data: [String: Any]?
    let raw: [String: Any]

    init(_ response: TestResponse) throws {
        let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
        raw = try #require(object as? [String: Any], "body is not a JSON object: \(String(buffer: response.body))")
        code = try #require(raw["code"] as? Int)
        msg = try #require(raw["msg"] as? String)
        data = raw["data"] as? [String: Any]
        #expect(raw.keys.sorted() == ["code", "data", "msg"])
        #expect(code == Int(response.status.code), "HTTP status must equal code")
    }
}

/// Requests the tests make again and again.
extension TestClientProtocol {
    func postJSON(_ uri: String, _ json: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields = headers
        if fields[.contentType] == nil { fields[.contentType] = "application/json" }
        return try await execute(uri: uri, method: .post, headers: fields, body: ByteBuffer(string: json))
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }

    /// Submits a valid question and returns the task id.
    func submit(_ input: String = "孕期可以喝咖啡吗", maternalID: Int = 7, headers: HTTPFields = [:]) async throws -> String {
        let response = try await postJSON(
            "/api/v2/chat/qa/async",
            #"{"input":"\#(input)","maternal_id":\#(maternalID),"user_type":"pregnant_mother"}"#,
            headers: headers)
        let body = try EnvelopeBody(response)
        #expect(body.code == 200, "\(body.msg)")
        return try #require(body.data?["task_id"] as? String)
    }

    /// Polls until a worker has taken the task (bounded: about 60 s).
    func waitUntilRunning(_ taskID: String) async throws {
        for _ in 0..<1200 {
            let body = try EnvelopeBody(try await get("/api/v2/chat/qa/task/\(taskID)/status"))
            if body.data?["status"] as? String == "running" { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("task \(taskID) never started")
    }

    /// Polls the status endpoint until the task is terminal (bounded: about 60 s).
    func waitUntilTerminal(_ taskID: String, headers: HTTPFields = [:]) async throws -> [String: Any] {
        for _ in 0..<1200 {
            let body = try EnvelopeBody(try await get("/api/v2/chat/qa/task/\(taskID)/status", headers: headers))
            let data = try #require(body.data)
            if let status = data["status"] as? String, status == "completed" || status == "failed" { return data }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("task \(taskID) did not finish")
        return [:]
    }
}
