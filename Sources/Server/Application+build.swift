import Engine
import Hummingbird
import Logging
import NIOCore

/// The HTTP API over `manager`, listening on `settings.host`:`settings.port`. The manager's own
/// lifecycle is not part of it: run a `TaskManagerService` beside it (as `serve` and the TUI do).
public func buildApplication(manager: TaskManager, settings: AppSettings, logger: Logger) -> some ApplicationProtocol {
    buildApplication(manager: manager, settings: settings, logger: logger, onListening: { _ in })
}

/// As above; `onListening` learns the bound address once the server accepts connections.
public func buildApplication(
    manager: TaskManager, settings: AppSettings, logger: Logger,
    onListening: @escaping @Sendable (ListeningAddress) async -> Void
) -> some ApplicationProtocol {
    let router = buildRouter(manager: manager, settings: settings)
    let host = settings.host
    return Application(
        router: router,
        server: .guardedHTTP1(timeouts: settings.httpTimeouts, logger: logger),
        configuration: .init(address: .hostname(host, port: settings.port), serverName: "maternal-qa"),
        onServerRunning: { channel in
            let address = ListeningAddress(host: host, port: channel.localAddress?.port ?? settings.port)
            logger.notice("listening on \(address)", metadata: ["host": "\(address.host)", "port": "\(address.port)"])
            await onListening(address)
        },
        logger: logger)
}

/// The routes and middlewares. Middlewares added to the router wrap every route and the 404
/// responder; the API key check wraps only the API routes.
func buildRouter(manager: TaskManager, settings: AppSettings) -> Router<APIRequestContext> {
    let metrics = ServerMetrics()
    let router = Router(context: APIRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestLogMiddleware(level: .info))
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
    router.add(middleware: ErrorEnvelopeMiddleware())
    router.add(
        middleware: MethodNotAllowedMiddleware(routes: [
            (APIPaths.submitAsync, [.post]), (APIPaths.submitSync, [.post]), (APIPaths.taskStatus, [.get]),
            (APIPaths.taskCancel, [.post]), (APIPaths.taskEvents, [.get]), (APIPaths.taskList, [.get]),
            (APIPaths.chatMessages, [.get]), (APIPaths.health, [.get]), (APIPaths.metrics, [.get]),
            (APIPaths.openAPI, [.get]),
        ]))

    OpsRoutes(manager: manager, metrics: metrics, openAPIDocument: OpsRoutes.loadOpenAPIDocument()).register(on: router)
    let api = router.group().add(middleware: APIKeyMiddleware(keyring: APIKeyring(keys: settings.apiKeys)))
    QARoutes(manager: manager).register(on: api)
    let finished = FinishedStatusCache(retention: manager.configuration.maxAge)
    TaskRoutes(manager: manager, finished: finished).register(on: api)
    ChatRoutes(manager: manager).register(on: api)

    return router
}
