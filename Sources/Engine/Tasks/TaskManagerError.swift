/// Why the manager refused a call. Each case maps to one HTTP status in the server.
public enum TaskManagerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A request field broke a rule; the message names the field.
    case invalidInput(String)
    /// `max_queue` pending tasks already; try again after this many seconds.
    case queueFull(retryAfter: Int)
    case notFound
    case alreadyTerminal(TaskSnapshot)
    case chatOwnedByOther(chatID: String)
    /// With API keys on: the chat was started with another key.
    case chatOfAnotherKey(chatID: String)
    case idempotencyConflict
    case shuttingDown
    case storage(String)

    public var description: String {
        switch self {
        case .invalidInput(let message): message
        case .queueFull: "任务队列已满，请稍后重试"
        case .notFound: "任务不存在或已过期"
        case .alreadyTerminal(let task): "任务已结束（\(task.status.rawValue)），无法取消"
        case .chatOwnedByOther(let chatID): "chat_id \(chatID) 属于另一个 maternal_id"
        case .chatOfAnotherKey(let chatID): "chat_id \(chatID) 已被另一个 API key 使用，请换一个 chat_id"
        case .idempotencyConflict: "Idempotency-Key 已用于另一个不同的请求"
        case .shuttingDown: "服务正在关闭，暂不接受新任务"
        case .storage(let message): "存储错误：\(message)"
        }
    }
}
