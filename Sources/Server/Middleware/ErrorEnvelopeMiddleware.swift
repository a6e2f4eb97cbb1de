import Engine
import Hummingbird
import NIOHTTP1

/// Outermost handler of failures: whatever a route or Hummingbird throws becomes the envelope,
/// with the HTTP status equal to `code`. Unexpected errors are logged in full and answered with
/// a generic message, so no internals (SQL, paths, types) ever reach a client.
struct ErrorEnvelopeMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as TaskManagerError {
            switch error {
            case .storage(let detail):
                context.logger.error("storage failure", metadata: ["error": "\(detail)"])
            case .storageUnavailable(_, let detail):
                context.logger.warning("storage cannot take writes", metadata: ["error": "\(detail)"])
            default:
                break
            }
            return try APIError(error).response(from: request, context: context)
        } catch let error as HTTPError {
            return try Self.translate(error, request: request).response(from: request, context: context)
        } catch is HTTPParserError {
            // The body broke HTTP/1.1 framing (a bad chunk size, say): the client's fault, and
            // the connection cannot go on. (An unreadable head is answered by RequestReadGuard.)
            return try APIError(.badRequest, "请求体不是有效的 HTTP/1.1 消息（如分块编码有误），连接已关闭", headers: [.connection: "close"])
                .response(from: request, context: context)
        } catch {
            context.logger.error(
                "unhandled error", metadata: ["error": "\(error)", "error.type": "\(type(of: error))"])
            return try APIError(.internalServerError, "服务器内部错误，请稍后重试").response(from: request, context: context)
        }
    }

    /// Hummingbird's own refusals (unknown route, body too large, …) in the API's words.
    static func translate(_ error: HTTPError, request: Request) -> APIError {
        switch error.status {
        case .notFound:
            APIError(.notFound, "接口不存在：\(request.method) \(Echo.quoted(request.uri.path))")
        case .contentTooLarge:
            BodyReader.tooLarge
        default:
            APIError(error.status, error.body ?? error.status.reasonPhrase, headers: error.headers)
        }
    }
}
