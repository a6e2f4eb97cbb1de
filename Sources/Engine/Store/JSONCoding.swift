import Foundation

/// Reading JSON columns back (see `JSONColumns` for writing) and dates as integer milliseconds.
enum JSONCoding {
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
