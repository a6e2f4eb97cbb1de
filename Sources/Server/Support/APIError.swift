import Engine
import Hummingbird

/// A refusal with its envelope: status, a Chinese message naming the field or reason, optional
/// `data` and extra headers (`Retry-After`, `Allow`, `WWW-Authenticate`).
struct APIError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let msg: String
    var data: AnyPayload?
    var headers: HTTPFields = [:]

    init(
        _ status: HTTPResponse.Status, _ msg: String, data: (any Encodable & Sendable)? = nil, headers: HTTPFields = [:]
    ) {
        self.status = status
        self.msg = msg
        self.data = data.map(AnyPayload.init)
        self.headers = headers
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONBody.envelope(status, msg: msg, data: data, headers: headers)
    }

    static func badRequest(_ msg: String) -> APIError { APIError(.badRequest, msg) }

    static let notFoundTask = APIError(.notFound, TaskManagerError.notFound.description)

    static func retryAfter(_ seconds: Int) -> HTTPFields {
        [.retryAfter: String(seconds)]
    }
}

extension APIError {
    /// The HTTP face of each engine refusal (see TaskManagerError).
    init(_ error: TaskManagerError) {
        switch error {
        case .invalidInput(let message):
            self.init(.badRequest, message)
        case .queueFull(let retryAfter):
            self.init(.tooManyRequests, error.description, headers: Self.retryAfter(retryAfter))
        case .notFound:
            self = .notFoundTask
        case .alreadyTerminal(let task):
            self.init(.conflict, error.description, data: TaskStatusPayload(task))
        case .chatOwnedByOther, .chatOfAnotherKey, .idempotencyConflict:
            self.init(.conflict, error.description)
        case .shuttingDown:
            self.init(.serviceUnavailable, error.description, headers: Self.retryAfter(5))
        case .storageUnavailable:
            // Someone has to free space or make the disk writable: a client may as well wait a while.
            self.init(.serviceUnavailable, error.description, headers: Self.retryAfter(30))
        case .storage:
            // The detail goes to the log (ErrorEnvelopeMiddleware), never to the client.
            self.init(.internalServerError, "服务器内部错误，请稍后重试")
        }
    }
}
