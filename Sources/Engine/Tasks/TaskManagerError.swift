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
    /// The storage is full or cannot be written for now: nothing was stored, and the same call
    /// may succeed later. `detail` is the store's own account, for the log.
    case storageUnavailable(StorageFault, detail: String)
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
        case .storageUnavailable(.full, _): "存储空间已满，暂时无法保存，请稍后重试"
        case .storageUnavailable(.unwritable, _): "数据库暂时无法写入（磁盘只读或读写出错），请稍后重试"
        case .storageUnavailable(.unreachable, _): "数据库暂时无法连接，请稍后重试"
        case .storage(let message): "存储错误：\(message)"
        }
    }

    /// A store failure as the manager reports it: `storageUnavailable` when the storage itself
    /// is at fault (full, read-only, away), `storage` otherwise.
    init(storeFailure error: any Error) {
        if let fault = (error as? StoreError)?.fault {
            self = .storageUnavailable(fault, detail: "\(error)")
        } else {
            self = .storage("\(error)")
        }
    }
}
