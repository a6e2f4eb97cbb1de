import Engine
import Hummingbird

/// The task list's query string, each bad parameter refused by name.
enum TaskListQuery {
    static let defaultLimit = 20
    static let maxLimit = 100

    static func parse(_ parameters: Parameters) throws -> TaskQuery {
        var query = TaskQuery(limit: defaultLimit)
        if let text = parameters["maternal_id"].map(String.init) {
            guard let id = Int64(text), id > 0 else {
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
            guard let limit = Int(text), (1...maxLimit).contains(limit) else {
                throw APIError.badRequest("limit 必须是 1–\(maxLimit) 的整数（收到 \(Echo.quoted(text))）")
            }
            query.limit = limit
        }
        if let cursor = parameters["cursor"], !cursor.isEmpty {
            query.cursor = String(cursor)
        }
        return query
    }
}
