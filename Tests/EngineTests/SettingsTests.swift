import Foundation
import Testing

@testable import Engine

@Suite("Settings")
struct SettingsTests {
    private func writeConfig(_ text: String, ext: String = "conf") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mqa-\(UUID().uuidString).\(ext)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("defaults are the documented ones")
    func defaults() throws {
        let settings = try SettingsLoader.load(flags: [:], environment: ["HOME": "/home/u"])
        #expect(settings.engine == EngineConfiguration())
        #expect(settings.engine.maxWorkers == 5)
        #expect(settings.engine.maxQueue == 1000)
        #expect(settings.engine.taskTimeout == .seconds(300))
        #expect(settings.engine.cleanupInterval == .seconds(3600))
        #expect(settings.engine.maxAge == .seconds(24 * 3600))
        #expect(settings.backend == .local)
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 8080)
        #expect(settings.simulatedLatencyMs == 0)
        #expect(settings.database == .sqlite(path: "/home/u/.local/share/maternal-qa/maternal-qa.sqlite"))
    }

    @Test("flags win over environment, which wins over the config file")
    func precedence() throws {
        let file = try writeConfig("max_workers = 3\nmax_queue = 30\ntask_timeout = 33 # comment\n")
        let settings = try SettingsLoader.load(
            flags: ["max_workers": "9"], environment: ["MQA_MAX_WORKERS": "7", "MQA_MAX_QUEUE": "70"], configFile: file)
        #expect(settings.engine.maxWorkers == 9)
        #expect(settings.engine.maxQueue == 70)
        #expect(settings.engine.taskTimeout == .seconds(33))
    }

    @Test("a JSON config file works, MQA_CONFIG names it")
    func jsonConfig() throws {
        let file = try writeConfig(
            #"{"max_workers": 4, "backend": "local", "openai_fallback_local": true, "api_keys": ["a", "b"]}"#,
            ext: "json")
        let settings = try SettingsLoader.load(flags: [:], environment: ["MQA_CONFIG": file])
        #expect(settings.engine.maxWorkers == 4)
        #expect(settings.openAI.fallbackToLocal)
        #expect(settings.apiKeys == ["a", "b"])
    }

    @Test(
        "bad values are refused with a message naming the setting and where it came from",
        arguments: [
            (
                ["max_workers": "0"], [String: String](),
                #"invalid max_workers "0" from --max-workers: expected an integer from 1 to 1024"#
            ),
            (
                ["max_workers": "many"], [:],
                #"invalid max_workers "many" from --max-workers: expected an integer from 1 to 1024"#
            ),
            (
                [:], ["MQA_MAX_QUEUE": "-1"],
                #"invalid max_queue "-1" from MQA_MAX_QUEUE: expected an integer from 1 to 10000000"#
            ),
            (
                ["task_timeout": "1.5"], [:],
                #"invalid task_timeout "1.5" from --task-timeout: expected an integer from 1 to 86400"#
            ),
            (
                ["max_age_hours": "nan"], [:],
                #"invalid max_age_hours "nan" from --max-age-hours: expected a number from 0.001 to 87600.0"#
            ),
            (["backend": "gpt4"], [:], #"invalid backend "gpt4" from --backend: expected one of local, openai"#),
            (["port": "70000"], [:], #"invalid port "70000" from --port: expected an integer from 0 to 65535"#),
            (
                ["openai_base_url": "localhost:11434"], [:],
                #"invalid openai_base_url "localhost:11434" from --openai-base-url: expected an http:// or https:// URL"#
            ),
            (
                ["backend": "openai"], [:],
                "openai_base_url is required when backend is openai (--openai-base-url or MQA_OPENAI_BASE_URL)"
            ),
            (
                ["backend": "openai", "openai_base_url": "http://127.0.0.1:1"], [:],
                "openai_model is required when backend is openai (--openai-model or MQA_OPENAI_MODEL)"
            ),
            (["database": ""], [:], #"invalid database "" from --database: must not be empty"#),
            (["no_such_setting": "1"], [:], "unknown setting no_such_setting"),
        ])
    func badValues(flags: [String: String], environment: [String: String], message: String) {
        #expect(throws: SettingsError(message)) { try SettingsLoader.load(flags: flags, environment: environment) }
    }

    @Test("secrets cannot be flags and are never echoed back")
    func secrets() throws {
        #expect(
            throws: SettingsError(
                "openai_api_key cannot be given as a flag (it would show in the process list); use MQA_OPENAI_API_KEY or the config file"
            )
        ) {
            try SettingsLoader.load(flags: ["openai_api_key": "sk-secret"], environment: [:])
        }
        let settings = try SettingsLoader.load(flags: [:], environment: ["MQA_OPENAI_API_KEY": "sk-secret"])
        #expect(settings.openAI.apiKey == "sk-secret")
        #expect(!"\(settings.openAI)".contains("sk-secret"))
        #expect(!"\(settings)".contains("sk-secret"))
    }

    @Test(
        "unreadable or malformed config files are named",
        arguments: [
            ("{not json", "is not a JSON object of strings, numbers, booleans or string lists"),
            ("just some words", "line 1: expected name = value"),
        ])
    func badFiles(content: String, problem: String) throws {
        let file = try writeConfig(content)
        #expect(throws: SettingsError("config file \(file) \(problem)")) {
            try SettingsLoader.load(flags: [:], environment: [:], configFile: file)
        }
        #expect(throws: SettingsError("config file /no/such/file cannot be read")) {
            try SettingsLoader.load(flags: [:], environment: [:], configFile: "/no/such/file")
        }
    }

    @Test("a lease is 30 s or just below a shorter task_timeout; one given must be below task_timeout")
    func leaseAndNode() throws {
        let defaults = try SettingsLoader.load(flags: [:], environment: ["HOME": "/home/u"])
        #expect(defaults.engine.lease == .seconds(30))
        #expect(defaults.engine.node == EngineConfiguration.defaultNodeName())
        let short = try SettingsLoader.load(flags: ["task_timeout": "10", "node_id": "api-1"], environment: [:])
        #expect(short.engine.lease == .seconds(9) && short.engine.node == "api-1")
        #expect(try SettingsLoader.load(flags: ["lease_seconds": "5"], environment: [:]).engine.lease == .seconds(5))
        #expect(throws: SettingsError("invalid lease_seconds 60: must be below task_timeout (60)")) {
            try SettingsLoader.load(flags: ["lease_seconds": "60", "task_timeout": "60"], environment: [:])
        }
        #expect(
            throws: SettingsError(
                #"invalid lease_seconds "2" from --lease-seconds: expected an integer from 3 to 86399"#)
        ) {
            try SettingsLoader.load(flags: ["lease_seconds": "2"], environment: [:])
        }
    }

    @Test("a PostgreSQL URL is read whole; its password (or MQA_DATABASE_PASSWORD) is never shown")
    func postgresLocation() throws {
        let settings = try SettingsLoader.load(
            flags: ["database": "postgres://mqa:s%40cret@db.example:6543/maternal?sslmode=require"], environment: [:])
        let expected = PostgresLocation(
            user: "mqa", password: "s@cret", host: "db.example", port: 6543, database: "maternal", requireTLS: true)
        #expect(settings.database == .postgres(expected))
        #expect(settings.database.description == "postgres://mqa@db.example:6543/maternal?sslmode=require")
        let fromEnvironment = try SettingsLoader.load(
            flags: ["database": "postgresql://mqa@db.example/maternal"],
            environment: ["MQA_DATABASE_PASSWORD": "env-secret"])
        #expect(
            fromEnvironment.database
                == .postgres(
                    PostgresLocation(
                        user: "mqa", password: "env-secret", host: "db.example", port: 5432, database: "maternal",
                        requireTLS: false)))
        for bad in [
            "postgres://mqa:topsecret@db.example", "postgres://:topsecret@db.example/x", "postgres://mqa:topsecret@/x",
            "postgres://mqa:topsecret@db.example/x?sslmode=maybe", "postgres://mqa:topsecret@db.example/x?pool=3",
        ] {
            do {
                _ = try SettingsLoader.load(flags: ["database": bad], environment: [:])
                Issue.record("accepted \(bad)")
            } catch let error as SettingsError {
                #expect(error.message.hasPrefix("invalid database URL"), "\(error.message)")
                #expect(!error.message.contains("topsecret"), "\(error.message)")
            }
        }
        #expect(
            try SettingsLoader.load(flags: ["database": "/tmp/x.sqlite"], environment: [:]).database
                == .sqlite(path: "/tmp/x.sqlite"))
    }
}
