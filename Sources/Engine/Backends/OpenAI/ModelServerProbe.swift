import AsyncHTTPClient
import Foundation
import NIOCore

/// Checks the model server at start, before any question is accepted: `GET …/v1/models` must
/// answer, take the key, and list `openai_model`. A wrong URL, key or model name then shows up at
/// once instead of as the first question's failure. Servers without that route are started with
/// `openai_skip_probe`.
public enum ModelServerProbe {
    /// Throws a `BackendError` saying what is wrong (Chinese) and the technical cause.
    public static func check(_ settings: OpenAISettings) async throws {
        guard let base = settings.baseURL, let model = settings.model else { return }
        let url = try OpenAIEndpoint.modelsURL(base: base)
        let key = settings.apiKey?.trimmingCharacters(in: .whitespacesAndNewlines)
        let redact = SecretRedactor(secret: key)
        var request = HTTPClientRequest(url: url)
        if let key, !key.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .init(settings.connectTimeout), read: .init(settings.readTimeout))
        configuration.redirectConfiguration = .disallow
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        defer { _ = http.shutdown() }
        let listed: [String]
        do {
            let response = try await http.execute(
                request, timeout: .seconds(Int64(settings.connectTimeout.components.seconds + 5)))
            let body = try await response.body.collect(upTo: 1 << 20)
            listed = try models(status: Int(response.status.code), body: Data(body.readableBytesView), url: url)
        } catch let error as BackendError {
            throw BackendError(error.message, detail: error.detail.map(redact.callAsFunction))
        } catch {
            throw BackendError(
                "无法连接模型服务（\(url)），请确认它已启动并检查 openai_base_url",
                detail: "GET \(url) failed: \(redact(String(describing: error)))")
        }
        guard listed.contains(where: { matches($0, model) }) else {
            let names = listed.isEmpty ? "（没有）" : listed.joined(separator: ", ")
            throw BackendError(
                "模型服务上没有模型 \"\(model)\"（它提供：\(names)），请检查 openai_model",
                detail: "GET \(url) lists \(listed) but not openai_model \"\(model)\"")
        }
    }

    /// The model ids of a `/v1/models` answer; a refusal or another shape throws.
    static func models(status: Int, body: Data, url: String) throws -> [String] {
        let said = ServerText.errorMessage(body).map { ": \($0)" } ?? ""
        switch status {
        case 200...299:
            guard let list = try? JSONDecoder().decode(ModelList.self, from: body) else {
                throw BackendError(
                    "模型服务对 GET /v1/models 的回答不是模型列表，请检查 openai_base_url（如该服务不提供此接口，可用 --openai-skip-probe 跳过检查）",
                    detail:
                        "GET \(url) answered \(status) without an OpenAI model list: \(ServerText.snippet(String(decoding: body, as: UTF8.self), limit: 120))"
                )
            }
            return list.data.map(\.id)
        case 401, 403:
            throw BackendError(
                "模型服务拒绝了访问凭据（HTTP \(status)），请检查 openai_api_key", detail: "GET \(url): HTTP \(status)\(said)")
        case 404:
            throw BackendError(
                "模型服务上没有 GET /v1/models 接口（HTTP 404），请检查 openai_base_url（如该服务确实不提供此接口，可用 --openai-skip-probe 跳过检查）",
                detail: "GET \(url): HTTP 404\(said)")
        default:
            throw BackendError("模型服务检查失败（HTTP \(status)）", detail: "GET \(url): HTTP \(status)\(said)")
        }
    }

    /// Ollama lists `qwen2.5:latest` for a model asked for as `qwen2.5`, and the other way round.
    static func matches(_ listed: String, _ model: String) -> Bool {
        listed == model || listed == model + ":latest" || model == listed + ":latest"
    }

    private struct ModelList: Decodable {
        struct Model: Decodable { let id: String }
        let data: [Model]
    }
}
