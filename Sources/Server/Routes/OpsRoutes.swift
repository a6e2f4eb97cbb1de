import Engine
import Foundation
import Hummingbird

/// Health, metrics and the API description: open even when API keys are on, for probes and scrapers.
struct OpsRoutes {
    let manager: TaskManager
    let metrics: ServerMetrics
    let openAPIDocument: ByteBuffer

    func register(on router: Router<APIRequestContext>) {
        router.get(RouterPath(APIPaths.health), use: health)
        router.get(RouterPath(APIPaths.metrics), use: exposition)
        router.get(RouterPath(APIPaths.openAPI), use: openAPI)
    }

    @Sendable func health(_ request: Request, context: APIRequestContext) async throws -> Response {
        let stats = await manager.stats()
        return JSONBody.envelope(
            .ok, msg: "ok", data: HealthPayload(stats: stats, maxQueue: manager.configuration.maxQueue))
    }

    @Sendable func exposition(_ request: Request, context: APIRequestContext) async throws -> Response {
        let text = metrics.exposition(engine: await manager.stats())
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: text)))
    }

    @Sendable func openAPI(_ request: Request, context: APIRequestContext) async throws -> Response {
        JSONBody.response(.ok, body: openAPIDocument, headers: [:])
    }

    /// The OpenAPI document shipped in the Server bundle (`Resources/openapi.json`).
    static func loadOpenAPIDocument() -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else {
            return ByteBuffer(
                string: #"{"openapi":"3.1.0","info":{"title":"maternal-qa","version":"missing"},"paths":{}}"#)
        }
        return ByteBuffer(bytes: data)
    }
}
