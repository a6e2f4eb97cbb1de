import Foundation

/// The validated settings of one run.
public struct AppSettings: Sendable, Equatable {
    public enum Backend: String, Sendable { case local, openai }

    public var engine: EngineConfiguration
    public var database: DatabaseLocation
    public var backend: Backend
    public var simulatedLatencyMs: Int
    public var host: String
    public var port: Int
    public var shutdownGrace: Duration
    public var httpTimeouts: HTTPTimeouts
    /// Empty when API keys are off.
    public var apiKeys: [String]
    public var logLevel: String
    public var openAI: OpenAISettings

    /// Typed values from resolved raw ones (already checked against the catalog).
    init(values: [String: String]) throws {
        func integer(_ name: String) -> Int { Int(values[name] ?? "") ?? 0 }
        func decimal(_ name: String) -> Double { Double(values[name] ?? "") ?? 0 }
        engine = EngineConfiguration(
            maxWorkers: integer("max_workers"), maxQueue: integer("max_queue"),
            taskTimeout: .seconds(integer("task_timeout")), cleanupInterval: .seconds(integer("cleanup_interval")),
            maxAge: .milliseconds(Int64(decimal("max_age_hours") * 3_600_000)), maxAttempts: integer("max_attempts"),
            node: values["node_id"] ?? EngineConfiguration.defaultNodeName(),
            lease: .seconds(
                try Self.leaseSeconds(
                    values["lease_seconds"].map { _ in integer("lease_seconds") }, taskTimeout: integer("task_timeout"))
            ))
        database = try DatabaseLocation.parse(values["database"] ?? ":memory:", password: values["database_password"])
        backend = Backend(rawValue: values["backend"] ?? "local") ?? .local
        simulatedLatencyMs = integer("simulated_latency_ms")
        host = values["host"] ?? "127.0.0.1"
        port = integer("port")
        shutdownGrace = .seconds(integer("shutdown_grace"))
        httpTimeouts = HTTPTimeouts(
            idle: .seconds(integer("http_idle_timeout")), header: .seconds(integer("http_header_timeout")),
            body: .seconds(integer("http_body_timeout")))
        apiKeys = (values["api_keys"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        logLevel = values["log_level"] ?? "info"
        openAI = OpenAISettings(
            baseURL: values["openai_base_url"], model: values["openai_model"], apiKey: values["openai_api_key"],
            temperature: decimal("openai_temperature"), maxTokens: integer("openai_max_tokens"),
            connectTimeout: .seconds(integer("openai_connect_timeout")),
            readTimeout: .seconds(integer("openai_read_timeout")), retries: integer("openai_retries"),
            fallbackToLocal: SettingSpec.booleans[values["openai_fallback_local"]?.lowercased() ?? ""] ?? false,
            contextTokens: integer("openai_context_tokens"),
            skipProbe: SettingSpec.booleans[values["openai_skip_probe"]?.lowercased() ?? ""] ?? false)
        if backend == .openai, openAI.maxTokens >= openAI.contextTokens {
            throw SettingsError(
                "openai_max_tokens (\(openAI.maxTokens)) must be below openai_context_tokens (\(openAI.contextTokens)): the prompt needs room too"
            )
        }
        if backend == .openai {
            guard openAI.baseURL != nil else {
                throw SettingsError(
                    "openai_base_url is required when backend is openai (--openai-base-url or MQA_OPENAI_BASE_URL)")
            }
            guard openAI.model != nil else {
                throw SettingsError(
                    "openai_model is required when backend is openai (--openai-model or MQA_OPENAI_MODEL)")
            }
        }
    }
}

extension AppSettings {
    /// A lease given must be below `task_timeout` (leases are renewed well inside a run, and a
    /// rescue should never wait longer than the run itself may take); without one, 30 s or just
    /// below a shorter timeout.
    static func leaseSeconds(_ given: Int?, taskTimeout: Int) throws -> Int {
        guard let given else { return max(3, min(30, taskTimeout - 1)) }
        guard given < taskTimeout else {
            throw SettingsError("invalid lease_seconds \(given): must be below task_timeout (\(taskTimeout))")
        }
        return given
    }
}

/// How to reach an OpenAI-compatible server. `apiKey` is never printed: `description` hides it.
public struct OpenAISettings: Sendable, Equatable, CustomStringConvertible {
    public var baseURL: String?
    public var model: String?
    public var apiKey: String?
    public var temperature: Double
    public var maxTokens: Int
    public var connectTimeout: Duration
    public var readTimeout: Duration
    public var retries: Int
    public var fallbackToLocal: Bool
    /// The model's context window in tokens: prompt and reply together.
    public var contextTokens: Int
    /// Do not check the server at start (for servers without `GET /v1/models`).
    public var skipProbe: Bool

    public init(
        baseURL: String?, model: String?, apiKey: String?, temperature: Double = 0.3, maxTokens: Int = 1024,
        connectTimeout: Duration = .seconds(10), readTimeout: Duration = .seconds(60), retries: Int = 2,
        fallbackToLocal: Bool = false, contextTokens: Int = 4096, skipProbe: Bool = false
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.retries = retries
        self.fallbackToLocal = fallbackToLocal
        self.contextTokens = contextTokens
        self.skipProbe = skipProbe
    }

    public var description: String {
        "OpenAISettings(baseURL: \(baseURL ?? "-"), model: \(model ?? "-"), apiKey: \(apiKey == nil ? "none" : "(hidden)"), maxTokens: \(maxTokens), contextTokens: \(contextTokens), retries: \(retries))"
    }
}
