import Engine
import Foundation
import Hummingbird

/// Renders envelopes and other JSON bodies into responses.
enum JSONBody {
    static let contentType = "application/json; charset=utf-8"

    /// `{"code":…,"msg":…,"data":…}` with the HTTP status equal to `code`.
    static func envelope<Payload: Encodable & Sendable>(
        _ status: HTTPResponse.Status, msg: String, data: Payload?, headers: HTTPFields = [:]
    ) -> Response {
        do {
            return response(status, body: try envelopeBytes(code: status.code, msg: msg, data: data), headers: headers)
        } catch {
            // Our payloads are plain values; this is only reachable through a programming error.
            return response(.internalServerError, body: ByteBuffer(bytes: encodingFailureBody), headers: [:])
        }
    }

    static func envelopeBytes<Payload: Encodable & Sendable>(code: Int, msg: String, data: Payload?) throws
        -> ByteBuffer
    {
        try encode(Envelope(code: code, msg: msg, data: data))
    }

    static func response(_ status: HTTPResponse.Status, body: ByteBuffer, headers: HTTPFields) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: .init(byteBuffer: body))
    }

    /// JSON in the order the value encodes its keys (see StreamingJSONEncoder), or through
    /// Foundation, keys sorted, for the rare value the streaming encoder does not cover.
    static func encode(_ value: some Encodable) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(512)
        if try StreamingJSONEncoder.encode(value, into: &buffer) { return buffer }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ByteBuffer(bytes: try encoder.encode(value))
    }

    private static let encodingFailureBody = Array(#"{"code":500,"msg":"服务器内部错误","data":null}"#.utf8)
}

/// An already-built payload of any type, so one error type can carry different `data`.
struct AnyPayload: Encodable, Sendable {
    let base: any Encodable & Sendable

    func encode(to encoder: any Encoder) throws {
        try base.encode(to: encoder)
    }
}
