import Engine
import Hummingbird

/// The original system's endpoints: asynchronous submit and the synchronous call kept for old clients.
struct QARoutes {
    let manager: TaskManager

    func register(on routes: RouterGroup<APIRequestContext>) {
        routes.post(RouterPath(APIPaths.submitAsync), use: submitAsync)
        routes.post(RouterPath(APIPaths.submitSync), use: submitSync)
    }

    /// `POST /api/v2/chat/qa/async`: accepts the question as a task and answers at once.
    @Sendable func submitAsync(_ request: Request, context: APIRequestContext) async throws -> Response {
        let submission = try await SubmissionIntake.submit(request, context: context, manager: manager)
        let headers: HTTPFields = submission.isNew ? [:] : [SubmissionIntake.replayedField: "true"]
        return JSONBody.envelope(
            .ok, msg: "任务已创建，请使用task_id查询状态", data: SubmitPayload(submission.snapshot), headers: headers)
    }

    /// `POST /api/v2/chat/qa`: the same task, waited for up to `task_timeout`; the body is the result
    /// itself. With `Accept: text/event-stream` the task's events stream instead, as `…/events`
    /// sends them, so the answer shows as it is written.
    @Sendable func submitSync(_ request: Request, context: APIRequestContext) async throws -> Response {
        let submission = try await SubmissionIntake.submit(request, context: context, manager: manager)
        if request.headers[.accept]?.contains("text/event-stream") == true {
            let updates = try await manager.updates(of: submission.snapshot.id, owner: context.owner)
            return TaskEventStream.response(for: updates, resumingAt: nil)
        }
        let outcome = try await TerminalWait.wait(
            for: submission.snapshot.id, owner: context.owner, manager: manager,
            timeout: manager.configuration.taskTimeout)
        switch outcome {
        case .finished(let snapshot):
            if snapshot.status == .completed, let result = snapshot.result {
                return JSONBody.envelope(.ok, msg: "success", data: result)
            }
            throw Self.failure(of: snapshot)
        case .timedOut(let snapshot):
            let seconds = manager.configuration.taskTimeout.components.seconds
            throw APIError(.gatewayTimeout, "任务执行超时（超过 \(seconds) 秒），请使用task_id查询状态", data: TaskRefPayload(snapshot))
        case .shuttingDown(let snapshot):
            throw APIError(
                .serviceUnavailable, "服务正在关闭，任务已保存，重启后请使用task_id查询状态",
                data: TaskRefPayload(snapshot), headers: APIError.retryAfter(5))
        }
    }

    /// A failed task as the synchronous endpoint reports it: the status says why, `data` says which task.
    static func failure(of snapshot: TaskSnapshot) -> APIError {
        let status: HTTPResponse.Status =
            switch snapshot.errorCode {
            case .timeout: .gatewayTimeout
            case .cancelled: .conflict
            case .interrupted: .serviceUnavailable
            case .invalid_input: .badRequest
            case .backend_error, nil: .badGateway
            }
        return APIError(status, snapshot.error ?? "任务执行失败", data: TaskRefPayload(snapshot))
    }
}
