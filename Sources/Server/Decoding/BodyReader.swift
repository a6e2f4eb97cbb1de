import Hummingbird
import NIOCore

/// Reads a request's JSON body with the API's limits, refusing early what cannot be a valid body.
enum BodyReader {
    /// DESIGN.md: bodies over 64 KiB get 413.
    static let maxBodyBytes = 64 * 1024

    /// The body's bytes: 415 for a non-JSON content type, 413 past the limit (checked against
    /// `Content-Length` first, then while reading, so an oversized body is never buffered whole),
    /// 400 when empty.
    static func readJSON(_ request: Request) async throws -> ByteBuffer {
        if let contentType = request.headers[.contentType], !isJSON(contentType) {
            throw APIError(.unsupportedMediaType, "Content-Type 必须是 application/json（收到 \(Echo.quoted(contentType))）")
        }
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBodyBytes {
            throw tooLarge
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge
        } catch is NIOTooManyBytesError {
            // A streamed (chunked) body says so only once it passes the limit.
            throw tooLarge
        }
        guard body.readableBytes > 0 else {
            throw APIError.badRequest("请求体不能为空：需要一个 JSON 对象，至少包含 input、maternal_id 和 user_type")
        }
        return body
    }

    static let tooLarge = APIError(.contentTooLarge, "请求体过大：不能超过 \(maxBodyBytes / 1024) KiB")

    /// `application/json`, or any `+json` type, with or without parameters such as `charset`.
    static func isJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }
}
