import Foundation

/// A chat: one `maternal_id`'s conversation, continued by `chat_id`.
public struct ChatRecord: Sendable, Equatable {
    public var id: String
    public var maternalID: Int64
    public var userType: UserType
    /// The first question asked in the chat (the session title is derived from it).
    public var firstQuestion: String
    public var createdAt: Date
    public var updatedAt: Date
    public var messageCount: Int
    /// The API key (its fingerprint) that started the chat; nil without keys (and for chats from
    /// before chats had owners).
    public var owner: String?

    public init(
        id: String, maternalID: Int64, userType: UserType, firstQuestion: String,
        createdAt: Date, updatedAt: Date, messageCount: Int, owner: String? = nil
    ) {
        self.id = id
        self.maternalID = maternalID
        self.userType = userType
        self.firstQuestion = firstQuestion
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.messageCount = messageCount
        self.owner = owner
    }
}

/// An `Idempotency-Key` with a digest of the request it came with.
public struct IdempotencyClaim: Sendable, Equatable {
    public var key: String
    public var requestDigest: String

    public init(key: String, requestDigest: String) {
        self.key = key
        self.requestDigest = requestDigest
    }
}

/// What inserting a new task led to.
public enum InsertOutcome: Sendable, Equatable {
    case inserted
    /// The same idempotency key with the same request: this earlier task stands.
    case existing(TaskSnapshot)
    /// The same idempotency key with a different request.
    case idempotencyConflict
    /// The chat exists and belongs to another maternal_id.
    case chatOwnedByOther(maternalID: Int64)
    /// The chat exists and was started with another API key.
    case chatOfAnotherKey
}

/// Filters and paging for listing tasks, newest first.
public struct TaskQuery: Sendable, Equatable {
    public var maternalID: Int64?
    public var status: TaskStatus?
    public var owner: String?
    public var limit: Int
    /// The opaque cursor of the previous page's `nextCursor`.
    public var cursor: String?

    public init(maternalID: Int64? = nil, status: TaskStatus? = nil, owner: String? = nil, limit: Int = 20, cursor: String? = nil) {
        self.maternalID = maternalID
        self.status = status
        self.owner = owner
        self.limit = limit
        self.cursor = cursor
    }
}

public struct TaskPage: Sendable, Equatable {
    public var tasks: [TaskSnapshot]
    public var nextCursor: String?

    public init(tasks: [TaskSnapshot], nextCursor: String?) {
        self.tasks = tasks
        self.nextCursor = nextCursor
    }
}

/// The counts of stored tasks by status.
public typealias StatusCounts = [TaskStatus: Int]

/// A write the manager hands to the store without waiting for it.
public enum TaskWrite: Sendable {
    /// A pending task, atomically with its chat (created when new) and its idempotency claim.
    case insert(TaskSnapshot, claim: IdempotencyClaim?)
    /// A status transition (running, failed, pending again) with stage, progress and times.
    case save(TaskSnapshot)
    /// A completed turn, atomically: the two messages, the chat's counters and the task.
    case complete(TaskSnapshot, messages: [ChatMessage], backend: String)
}

/// What a committed `TaskWrite` produced.
public enum TaskWriteResult: Sendable, Equatable {
    case inserted(InsertOutcome)
    case saved
    /// The chat as the completed turn left it.
    case completed(ChatRecord)
}

/// Durable storage of tasks, chats and messages. The manager only talks to this protocol, so a
/// PostgreSQL store can be added without touching it.
public protocol TaskStore: Sendable {
    /// Queues `write` behind every write queued before it; `committed` is called once it is durable
    /// (or has failed), in queue order. Writes queued close together may share one transaction,
    /// which is what lets thousands of transitions a second through. `committed` runs on the
    /// store's writer, so it must only hand the result on.
    func enqueue(_ write: TaskWrite, committed: @escaping @Sendable (Result<TaskWriteResult, StoreError>) -> Void)
    func task(id: String) async throws -> TaskSnapshot?
    func tasks(_ query: TaskQuery) async throws -> TaskPage
    /// Pending and running tasks, oldest first: what recovery resumes.
    func unfinishedTasks() async throws -> [TaskSnapshot]
    func chat(id: String) async throws -> ChatRecord?
    /// The chat's messages, oldest first; `limit` keeps the most recent ones.
    func messages(chatID: String, limit: Int?) async throws -> [ChatMessage]
    /// Deletes tasks that finished before `cutoff`; returns how many of each status went.
    func deleteFinished(before cutoff: Date) async throws -> StatusCounts
    func countByStatus() async throws -> StatusCounts
}

/// Awaiting forms of `enqueue`, for callers that wait for their own write.
extension TaskStore {
    public func insert(_ task: TaskSnapshot, claim: IdempotencyClaim?) async throws -> InsertOutcome {
        guard case .inserted(let outcome) = try await perform(.insert(task, claim: claim)) else {
            throw StoreError("the store answered an insert with another kind of result")
        }
        return outcome
    }

    public func save(_ task: TaskSnapshot) async throws {
        _ = try await perform(.save(task))
    }

    public func complete(_ task: TaskSnapshot, messages: [ChatMessage], backend: String) async throws -> ChatRecord {
        guard case .completed(let chat) = try await perform(.complete(task, messages: messages, backend: backend)) else {
            throw StoreError("the store answered a completion with another kind of result")
        }
        return chat
    }

    private func perform(_ write: TaskWrite) async throws -> TaskWriteResult {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(write) { continuation.resume(with: $0) }
        }
    }
}

/// A storage failure; `message` names what went wrong without SQL or paths of the caller's data.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
