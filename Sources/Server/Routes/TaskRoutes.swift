import Engine
import HTTPTypes
import Hummingbird

/// Everything addressed to one task, and the task list.
struct TaskRoutes {
    let manager: TaskManager
    let finished: FinishedStatusCache

    func register(on routes: RouterGroup<APIRequestContext>) {
        routes.get(RouterPath(APIPaths.taskStatus), use: status)
        routes.post(RouterPath(APIPaths.taskCancel), use: cancel)
        routes.get(RouterPath(APIPaths.taskEvents), use: events)
        routes.get(RouterPath(APIPaths.taskList), use: list)
    }

    /// `GET …/status`: the hot path of every polling client. A live task is one actor call and a
    /// hand-written body (`LiveStatusBody`); a finished one is served from `finished` after its first read.
    @Sendable func status(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try Self.taskID(context)
        let partial = try Self.partialFlag(request.uri.queryParameters)
        if let body = finished.body(of: id, owner: context.owner) {
            return JSONBody.response(.ok, body: body, headers: [:])
        }
        let snapshot = try await manager.status(id, owner: context.owner)
        let body =
            try LiveStatusBody.bytes(snapshot, msg: Self.statusMessage, showsPartialAnswer: partial)
            ?? JSONBody.envelopeBytes(code: 200, msg: Self.statusMessage, data: TaskStatusPayload(snapshot))
        if snapshot.status.isTerminal {
            finished.store(snapshot, body: body)
            return JSONBody.response(.ok, body: body, headers: [:])
        }
        // Tells pollers when to come back; the guide's clients poll every 2 s anyway.
        return JSONBody.response(.ok, body: body, headers: APIError.retryAfter(2))
    }

    /// `POST …/cancel`: a pending task ends at once, a running one at its next step.
    @Sendable func cancel(_ request: Request, context: APIRequestContext) async throws -> Response {
        let snapshot = try await manager.cancel(try Self.taskID(context), owner: context.owner)
        // The task may have completed before the cancellation reached it.
        guard snapshot.errorCode == .cancelled else { throw APIError(TaskManagerError.alreadyTerminal(snapshot)) }
        return JSONBody.envelope(.ok, msg: "任务已取消", data: TaskStatusPayload(snapshot))
    }

    /// `GET …/events`: Server-Sent Events, the current snapshot then one per change.
    @Sendable func events(_ request: Request, context: APIRequestContext) async throws -> Response {
        let updates = try await manager.updates(of: try Self.taskID(context), owner: context.owner)
        let resume = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap(TaskEventStream.position(fromEventID:))
        return TaskEventStream.response(for: updates, resumingAt: resume)
    }

    /// `GET /api/v2/chat/qa/tasks?maternal_id=&status=&limit=&cursor=`: newest first.
    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        var query = try TaskListQuery.parse(request.uri.queryParameters)
        query.owner = context.owner
        let page = try await manager.list(query)
        return JSONBody.envelope(.ok, msg: "获取任务列表成功", data: TaskListPayload(page))
    }

    static let statusMessage = "获取任务状态成功"

    /// `partial`: `1`/`true` adds a running task's answer so far; `0`/`false` or absent does not.
    static func partialFlag(_ query: Parameters) throws -> Bool {
        guard let value = query["partial"].map(String.init) else { return false }
        switch value.lowercased() {
        case "1", "true": return true
        case "0", "false": return false
        default: throw APIError.badRequest("partial 只能是 0 或 1（收到 \(Echo.quoted(value))）")
        }
    }

    /// The `{task_id}` of the path, noted for the request log.
    static func taskID(_ context: APIRequestContext) throws -> String {
        let id = try context.parameters.require("task_id")
        context.annotations.taskID = id
        return id
    }
}
