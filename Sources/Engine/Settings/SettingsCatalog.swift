import Foundation

/// Every setting the program knows; names from the original system are kept.
public enum SettingsCatalog {
    public static let all: [SettingSpec] = [
        spec("max_workers", .integer(1...1024), "5", "tasks running at once"),
        spec("cleanup_interval", .integer(1...604_800), "3600", "seconds between deletions of expired tasks"),
        spec("max_age_hours", .decimal(0.001...87_600), "24", "hours finished tasks are kept"),
        spec("max_queue", .integer(1...10_000_000), "1000", "pending tasks accepted before submissions get 429"),
        spec(
            "task_timeout", .integer(1...86_400), "300", "seconds a running task may take before it fails with timeout"),
        spec("max_attempts", .integer(1...100), "3", "times a task interrupted by restarts is started before it fails"),
        spec(
            "database", .text, nil,
            "SQLite file (`:memory:` for a throw-away one), or postgres://USER:PASSWORD@HOST:PORT/DB"),
        spec("database_password", .text, nil, "PostgreSQL password when the database URL carries none", secret: true),
        spec("node_id", .text, nil, "this process's name in claims, logs and the UI (default hostname-pid)"),
        spec(
            "lease_seconds", .integer(3...86_399), nil,
            "seconds a claim lasts unless renewed, then another node rescues the task (default 30, below task_timeout)"),
        spec("backend", .choice(["local", "openai"]), "local", "local (embedded knowledge engine) or openai"),
        spec("simulated_latency_ms", .integer(0...600_000), "0", "local backend: model time spread over generation"),
        spec("host", .text, "127.0.0.1", "address `serve` listens on"),
        spec("port", .integer(0...65_535), "8080", "port `serve` listens on (0 picks a free one)"),
        spec("shutdown_grace", .integer(0...3600), "10", "seconds running tasks get to finish on SIGTERM"),
        spec(
            "http_idle_timeout", .integer(1...86_400), "60",
            "seconds a connection may stay open with no request under way"),
        spec(
            "http_header_timeout", .integer(1...3600), "15",
            "seconds from a request's first byte until its headers are complete (then 408)"),
        spec(
            "http_body_timeout", .integer(1...3600), "30",
            "seconds from a request's headers until its body is complete (then 408)"),
        spec("api_keys", .text, nil, "comma-separated API keys; when set every API route needs one", secret: true),
        spec(
            "log_level", .choice(["trace", "debug", "info", "notice", "warning", "error", "critical"]), "info",
            "log level"),
        spec("openai_base_url", .url, nil, "backend=openai: server root, e.g. http://127.0.0.1:11434"),
        spec("openai_model", .text, nil, "backend=openai: model name"),
        spec("openai_api_key", .text, nil, "backend=openai: Bearer token", secret: true),
        spec("openai_temperature", .decimal(0...2), "0.3", "backend=openai: sampling temperature"),
        spec("openai_max_tokens", .integer(1...131_072), "1024", "backend=openai: reply token limit"),
        spec(
            "openai_context_tokens", .integer(512...1_048_576), "4096",
            "backend=openai: the model's context window; prompts are built to fit it with room for the reply"),
        spec(
            "openai_skip_probe", .boolean, "false", "backend=openai: do not check the server (GET /v1/models) at start"),
        spec("openai_connect_timeout", .integer(1...600), "10", "backend=openai: seconds to connect"),
        spec("openai_read_timeout", .integer(1...3600), "60", "backend=openai: seconds without data before giving up"),
        spec("openai_retries", .integer(0...10), "2", "backend=openai: retries on connect errors, 429 and 5xx"),
        spec(
            "openai_fallback_local", .boolean, "false",
            "backend=openai: answer with the local engine when the model fails"),
    ]

    public static func spec(named name: String) -> SettingSpec? { all.first { $0.name == name } }

    /// The default database: `$XDG_DATA_HOME/maternal-qa/maternal-qa.sqlite` (or `~/.local/share/…`).
    public static func defaultDatabasePath(environment: [String: String]) -> String {
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return base + "/maternal-qa/maternal-qa.sqlite"
    }

    private static func spec(
        _ name: String, _ kind: SettingSpec.Kind, _ defaultValue: String?, _ help: String, secret: Bool = false
    ) -> SettingSpec {
        SettingSpec(name: name, kind: kind, defaultValue: defaultValue, isSecret: secret, help: help)
    }
}
