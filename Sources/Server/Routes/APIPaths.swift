/// The API's paths, in one place for the router, the payloads that link to them and the 405 table.
enum APIPaths {
    static let submitAsync = "/api/v2/chat/qa/async"
    static let submitSync = "/api/v2/chat/qa"
    static let taskStatus = "/api/v2/chat/qa/task/{task_id}/status"
    static let taskCancel = "/api/v2/chat/qa/task/{task_id}/cancel"
    static let taskEvents = "/api/v2/chat/qa/task/{task_id}/events"
    static let taskList = "/api/v2/chat/qa/tasks"
    static let chatMessages = "/api/v2/chat/{chat_id}/messages"
    static let health = "/healthz"
    static let metrics = "/metrics"
    static let openAPI = "/openapi.json"

    static func statusURL(of taskID: String) -> String { "/api/v2/chat/qa/task/\(taskID)/status" }
}
