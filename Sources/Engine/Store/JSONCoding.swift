import Foundation
import NIOCore

/// JSON columns (results, references, file ids) and dates as integer milliseconds.
enum JSONCoding {
    static func data<T: Encodable>(_ value: T) -> Data {
        // Encoding our own model types cannot fail; an empty object keeps the row readable if it ever did.
        (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
    }

    /// Through the streaming encoder: a turn's references and triage were a large part of the
    /// writer's time through `JSONEncoder`.
    static func string<T: Encodable>(_ value: T) -> String {
        var buffer = ByteBuffer()
        if (try? StreamingJSONEncoder.encode(value, into: &buffer)) == true { return String(buffer: buffer) }
        return String(decoding: data(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data?) -> T? {
        guard let data else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String?) -> T? {
        decode(type, from: text.map { Data($0.utf8) })
    }
}

extension Date {
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
