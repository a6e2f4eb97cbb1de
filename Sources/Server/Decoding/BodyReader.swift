import Hummingbird
import NIOCore

/// Reads a request's JSON body with the API's limits, refusing early what cannot be a valid body.
enum BodyReader {
    /// Bodies over 64 KiB get 413.
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
    /// Byte-wise and allocation-free: it runs on every submission.
    static func isJSON(_ contentType: String) -> Bool {
        var mediaType = Substring(contentType).utf8.prefix { $0 != UInt8(ascii: ";") }
        while let last = mediaType.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            mediaType.removeLast()
        }
        while let first = mediaType.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            mediaType.removeFirst()
        }
        return hasPrefix(mediaType, "application/")
            && (mediaType.count == "application/json".utf8.count
                ? hasPrefix(mediaType, "application/json") : hasSuffix(mediaType, "+json"))
    }

    private static func hasPrefix(_ bytes: Substring.UTF8View, _ prefix: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        return bytes.count >= expected.count && zip(bytes, expected).allSatisfy { lowercased($0) == $1 }
    }

    private static func hasSuffix(_ bytes: Substring.UTF8View, _ suffix: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
        return bytes.count >= expected.count
            && zip(bytes.suffix(expected.count), expected).allSatisfy { lowercased($0) == $1 }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
