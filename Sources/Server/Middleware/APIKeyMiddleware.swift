import Foundation
import Hummingbird

/// When API keys are configured, every API route needs `Authorization: Bearer <key>` (401
/// otherwise) and the request runs as that key's owner, so it sees only that key's tasks.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let keyring: APIKeyring

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if keyring.isEmpty { return try await next(request, context) }
        guard let key = Self.bearerToken(request.headers[.authorization]), let owner = keyring.owner(forKey: key) else {
            throw APIError(
                .unauthorized, "缺少或无效的 API Key：请在请求头中提供 Authorization: Bearer <key>",
                headers: [.wwwAuthenticate: #"Bearer realm="maternal-qa""#])
        }
        var context = context
        context.owner = owner
        return try await next(request, context)
    }

    /// The token of `Bearer <token>` (scheme case-insensitive, as RFC 9110 says).
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
