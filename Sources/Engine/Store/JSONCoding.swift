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

extension TriageSummary {
    /// The triage a task row stores: the level column and the signs column (a JSON array, missing
    /// in rows written before signs were kept); nil when the row has no level.
    package static func stored(level: String?, signs: String?) -> TriageSummary? {
        guard let level = level.flatMap(TriageLevel.init(rawValue:)) else { return nil }
        return TriageSummary(level: level, signs: JSONCoding.decode([String].self, from: signs) ?? [])
    }

    /// The signs column's text.
    package var signsColumn: String { JSONColumns.text(signs) }
}

/// The SQL rank of a stored triage level (-1 for none), so that a write can refuse to lower it;
/// the same expression in SQLite and PostgreSQL.
package enum TriageRank {
    package static func of(_ expression: String) -> String {
        "(CASE \(expression) WHEN 'emergency' THEN 2 WHEN 'urgent' THEN 1 WHEN 'routine' THEN 0 ELSE -1 END)"
    }
}
