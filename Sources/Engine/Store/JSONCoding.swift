import Foundation

/// Reading JSON columns back (see `JSONColumns` for writing) and dates as integer milliseconds.
package enum JSONCoding {
    package static func decode<T: Decodable>(_ type: T.Type, from text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

extension Date {
    package var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    package init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
