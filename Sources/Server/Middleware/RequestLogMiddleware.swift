import Hummingbird
import Logging

/// One structured log line per request: method, path, status, duration and, where the handler
/// named one, the task id. Runs outside the error middleware, so it sees the final status.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let level: Logger.Level

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        guard context.logger.logLevel <= level else { return response }
        var metadata: Logger.Metadata = [
            "http.method": "\(request.method)",
            "http.path": "\(request.uri.path)",
            "http.status": "\(response.status.code)",
            "duration_ms": "\(Self.milliseconds(ContinuousClock.now - started))",
        ]
        if let taskID = context.annotations.taskID { metadata["task_id"] = "\(taskID)" }
        context.logger.log(level: level, "request", metadata: metadata)
        return response
    }

    /// Milliseconds with three decimals: enough to see sub-millisecond polls.
    static func milliseconds(_ duration: Duration) -> String {
        let micros = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        let whole = micros / 1000
        let fraction = micros % 1000
        return "\(whole)." + String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
    }
}
