import Engine
import Hummingbird

/// The task list's query string, each bad parameter refused by name.
enum TaskListQuery {
    static let defaultLimit = 20
    static let maxLimit = 100
    /// A cursor is a task's sequence number, which never reaches 10^18; so every cursor fits an Int64.
    static let maxCursorDigits = 18

    static func parse(_ parameters: Parameters) throws -> TaskQuery {
        var query = TaskQuery(limit: defaultLimit)
        if let text = parameters["maternal_id"].map(String.init) {
            guard let id = integer(text), id > 0 else {
                throw APIError.badRequest("maternal_id 必须是正整数（收到 \(Echo.quoted(text))）")
            }
            query.maternalID = id
        }
        if let text = parameters["status"].map(String.init) {
            guard let status = TaskStatus(rawValue: text) else {
                let choices = TaskStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.badRequest("status 必须是 \(choices) 之一（收到 \(Echo.quoted(text))）")
            }
            query.status = status
        }
        if let text = parameters["limit"].map(String.init) {
            guard let limit = integer(text), (1...Int64(maxLimit)).contains(limit) else {
                throw APIError.badRequest("limit 必须是 1–\(maxLimit) 的整数（收到 \(Echo.quoted(text))）")
            }
            query.limit = Int(limit)
        }
        // Empty is the first page, as absent is, for clients that send whatever next_cursor was.
        if let cursor = parameters["cursor"].map(String.init), !cursor.isEmpty {
            guard cursor.utf8.count <= maxCursorDigits, cursor.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw APIError.badRequest(
                    "cursor 必须是上一页的 next_cursor：至多 \(maxCursorDigits) 位数字（收到 \(Echo.quoted(cursor))）")
            }
            query.cursor = cursor
        }
        return query
    }

    /// An integer as JSON Schema counts integers, which is what the document declares: `20`, and also
    /// an integral number written `20.0` or `2e1` (as the submit body's parser reads them).
    static func integer(_ text: String) -> Int64? {
        Int64(text) ?? JSONNumber.integer(text.utf8)
    }
}
