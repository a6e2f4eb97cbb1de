import Hummingbird

/// Answers a known path called with a method it does not have with 405 and `Allow`, instead of the
/// router's 404. It turns the router's own 404 around, so every method is covered: TRACE, OPTIONS,
/// and extension methods such as QUERY that no list of methods to register would name.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    private struct Route {
        let path: String
        let segments: [Substring]
        let methods: [HTTPRequest.Method]
        let allow: String
    }

    private let routes: [Route]

    /// `routes`: each path (with `{parameter}` segments, as routed) and the methods it has. GET
    /// routes also answer HEAD (the router generates it), so their `Allow` names HEAD too.
    init(routes: [(path: String, methods: [HTTPRequest.Method])]) {
        self.routes = routes.map { path, methods in
            let allowed = methods.contains(.get) && !methods.contains(.head) ? methods + [.head] : methods
            return Route(
                path: path, segments: Self.segments(of: path), methods: allowed,
                allow: allowed.map(\.rawValue).joined(separator: ", "))
        }
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let segments = Self.segments(of: request.uri.path)
            // A 404 from a method the path has is that route's own answer, not a missing method.
            guard let route = routes.first(where: { Self.matches(segments, $0.segments) }),
                !route.methods.contains(request.method)
            else { throw error }
            context.coreContext.endpointPath.value = route.path
            throw APIError(
                .methodNotAllowed, "方法不允许：\(route.path) 只支持 \(route.allow)", headers: [.allow: route.allow])
        }
    }

    /// Split as the router splits paths, so both agree on which path a request names.
    private static func segments(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func matches(_ segments: [Substring], _ pattern: [Substring]) -> Bool {
        segments.count == pattern.count
            && zip(segments, pattern).allSatisfy { segment, expected in
                (expected.first == "{" && expected.last == "}") || segment == expected
            }
    }
}
