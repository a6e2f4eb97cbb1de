import ArgumentParser
import Engine
import Foundation

/// The engine settings every subcommand takes as flags. Values are kept as text and checked by
/// `SettingsLoader`, so a bad value gets the same message whether it came from a flag, the
/// environment or the config file. Secrets (API keys) are deliberately not flags.
struct EngineOptions: ParsableArguments {
    @Option(help: "Config file: JSON or `name = value` lines.") var config: String?
    @Option(help: "Tasks running at once (default 5).") var maxWorkers: String?
    @Option(help: "Seconds between deletions of expired tasks (default 3600).") var cleanupInterval: String?
    @Option(help: "Hours finished tasks are kept (default 24).") var maxAgeHours: String?
    @Option(help: "Pending tasks accepted before new ones are refused (default 1000).") var maxQueue: String?
    @Option(help: "Seconds a running task may take (default 300).") var taskTimeout: String?
    @Option(help: "Times an interrupted task is retried after restarts (default 3).") var maxAttempts: String?
    @Option(
        help:
            "SQLite file, :memory:, or postgres://USER:PASSWORD@HOST:PORT/DB (password also from MQA_DATABASE_PASSWORD)."
    ) var database: String?
    @Option(help: "This process's name in claims, logs and the UI (default hostname-pid).") var nodeId: String?
    @Option(help: "Seconds a claim lasts unless renewed; then another node rescues the task (default 30).")
    var leaseSeconds: String?
    @Option(help: "local or openai (default local).") var backend: String?
    @Option(help: "Local backend: simulated model time per answer in ms (default 0).") var simulatedLatencyMs: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel: String?
    @Option(help: "OpenAI-compatible server root, e.g. http://127.0.0.1:11434.") var openaiBaseUrl: String?
    @Option(help: "Model name sent to that server.") var openaiModel: String?
    @Option(help: "Sampling temperature (default 0.3).") var openaiTemperature: String?
    @Option(help: "Reply token limit (default 1024).") var openaiMaxTokens: String?
    @Option(help: "Seconds to connect (default 10).") var openaiConnectTimeout: String?
    @Option(help: "Seconds without data before giving up (default 60).") var openaiReadTimeout: String?
    @Option(help: "Retries on connect errors, 429 and 5xx (default 2).") var openaiRetries: String?
    @Option(help: "Answer with the local engine when the model fails (true/false).") var openaiFallbackLocal: String?
    @Option(help: "The model's context window in tokens (default 4096).") var openaiContextTokens: String?
    @Flag(help: "Do not check the model server (GET /v1/models) at start.") var openaiSkipProbe = false

    var flagValues: [String: String] {
        let pairs: [(String, String?)] = [
            ("max_workers", maxWorkers), ("cleanup_interval", cleanupInterval), ("max_age_hours", maxAgeHours),
            ("max_queue", maxQueue), ("task_timeout", taskTimeout), ("max_attempts", maxAttempts),
            ("database", database), ("node_id", nodeId), ("lease_seconds", leaseSeconds), ("backend", backend),
            ("simulated_latency_ms", simulatedLatencyMs),
            ("log_level", logLevel), ("openai_base_url", openaiBaseUrl), ("openai_model", openaiModel),
            ("openai_temperature", openaiTemperature), ("openai_max_tokens", openaiMaxTokens),
            ("openai_connect_timeout", openaiConnectTimeout), ("openai_read_timeout", openaiReadTimeout),
            ("openai_retries", openaiRetries), ("openai_fallback_local", openaiFallbackLocal),
            ("openai_context_tokens", openaiContextTokens), ("openai_skip_probe", openaiSkipProbe ? "true" : nil),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.compactMap { name, value in value.map { (name, $0) } })
    }

    /// Resolves and validates every setting; prints the problem and exits 2 when one is bad.
    func settings(extraFlags: [String: String] = [:]) throws -> AppSettings {
        do {
            return try SettingsLoader.load(
                flags: flagValues.merging(extraFlags) { $1 },
                environment: ProcessInfo.processInfo.environment, configFile: config)
        } catch let error as SettingsError {
            throw CLIFailure.badSettings(error.message)
        }
    }
}
