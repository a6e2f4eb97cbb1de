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

    public init(
        maternalID: Int64? = nil, status: TaskStatus? = nil, owner: String? = nil, limit: Int = 20,
        cursor: String? = nil
    ) {
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

/// Who holds a running task: the node that claimed it, and which attempt that claim started.
/// Every write a run makes is fenced on it, so a node that lost its claim (its lease lapsed and
/// the task was rescued, or it was cancelled and ended elsewhere) writes nothing.
public struct ClaimToken: Sendable, Hashable {
    public var node: String
    public var attempt: Int

    public init(node: String, attempt: Int) {
        self.node = node
        self.attempt = attempt
    }
}

/// A running task's step, as a run reports it for other nodes to read.
public struct RunProgress: Sendable, Equatable {
    public var taskID: String
    public var holder: ClaimToken
    public var stage: TaskStage
    public var progress: Int
    /// The run's triage when it has one: stored only when it does not lower the stored level.
    public var triage: TriageSummary?
    /// The answer written so far, when the run has started writing it.
    public var answer: AnswerSoFar?

    public init(
        taskID: String, holder: ClaimToken, stage: TaskStage, progress: Int, triage: TriageSummary?,
        answer: AnswerSoFar? = nil
    ) {
        self.taskID = taskID
        self.holder = holder
        self.stage = stage
        self.progress = progress
        self.triage = triage
        self.answer = answer
    }
}

/// A write the engine hands to the store without waiting for it.
public enum TaskWrite: Sendable {
    /// A pending task, atomically with its chat (created when new) and its idempotency claim.
    case insert(TaskSnapshot, claim: IdempotencyClaim?)
    /// Claims up to `limit()` pending tasks for `node`, highest `priority` first, then in
    /// acceptance order: each becomes `running` with `attempts + 1`, `node` and a lease of `lease`
    /// on the database's clock. Never hands one task to two claimers. The store asks `limit` when
    /// the claim runs, not when it is queued, so places freed meanwhile (whose outcomes are
    /// already written) join the same claim.
    case claim(node: String, limit: @Sendable () -> Int, lease: Duration)
    /// Running tasks' steps; each is written only while its holder still holds it.
    case progress([RunProgress])
    /// A run's end other than a completed turn: `task` is `failed`, or `pending` again (shutdown),
    /// written only while `holder` still holds it.
    case finish(TaskSnapshot, holder: ClaimToken)
    /// A completed turn, atomically: the two messages, the chat's counters and the task; written
    /// only while `holder` still holds the task.
    case complete(TaskSnapshot, messages: [ChatMessage], backend: String, holder: ClaimToken)
}

/// What a committed `TaskWrite` produced.
public enum TaskWriteResult: Sendable, Equatable {
    case inserted(InsertOutcome)
    /// The tasks claimed (now `running`, with `node` and `attempts` set).
    case claimed([TaskSnapshot])
    case saved
    /// The chat as the completed turn left it.
    case completed(ChatRecord)
    /// The holder no longer holds the task: nothing was written.
    case lostClaim
}

/// What asking to cancel a task did.
public enum CancelRequest: Sendable, Equatable {
    /// It was pending: it is now `failed` with `cancelled`, and will never run.
    case cancelledPending(TaskSnapshot)
    /// It is running on `node`: its cancel flag is set (and, where the store can, that node is
    /// told at once). The node stops it at its next step; a rescue of it ends it `cancelled`.
    case flagged(TaskSnapshot)
    /// It had already finished.
    case finished(TaskSnapshot)
    case notFound
}

/// Which running tasks a rescue looks at.
public enum RescueScope: Sendable, Equatable {
    /// Tasks whose lease has lapsed: their node died, hung, or lost the database for longer
    /// than a lease, or gave up writing their outcome.
    case expiredLeases
    /// Every task still marked running under `node`, whatever its lease: what a node left behind
    /// in an earlier life under the same name.
    case node(String)
}

/// What a rescue did to the running tasks it found.
public struct RescueReport: Sendable, Equatable {
    /// Back to pending, to be claimed again.
    public var requeued: [String] = []
    /// Ended `failed` / `interrupted`: they had reached `max_attempts`.
    public var interrupted: [String] = []
    /// Ended `failed` / `cancelled`: their cancel flag was set.
    public var cancelled: [String] = []

    public init(requeued: [String] = [], interrupted: [String] = [], cancelled: [String] = []) {
        self.requeued = requeued
        self.interrupted = interrupted
        self.cancelled = cancelled
    }

    public var isEmpty: Bool { requeued.isEmpty && interrupted.isEmpty && cancelled.isEmpty }
}

/// What the store tells a node about changes other processes made.
public enum StoreSignal: Sendable, Equatable {
    /// Something changed (new pending tasks, a cancel flag, …): worth a look.
    case changed
    /// Cancel was asked for this task (a store that can say so at once).
    case cancel(taskID: String)
}

/// Durable storage of tasks, chats and messages, and the queue itself: every node of a cluster
/// claims its work from here. The engine only talks to this protocol; the drivers (SQLite,
/// PostgreSQL) live in their own targets.
public protocol TaskStore: Sendable {
    /// Queues `write`; `committed` is called once it is durable (or has failed). Writes queued
    /// close together share one transaction, which is what lets thousands of transitions a second
    /// through; reports come in queue order within a transaction, but a driver may commit several
    /// at once, so a write that depends on another is queued only after that one's report (as
    /// every step of a task is). `committed` runs on the store's writer, so it must only hand
    /// the result on.
    func enqueue(_ write: TaskWrite, committed: @escaping @Sendable (Result<TaskWriteResult, StoreError>) -> Void)
    /// The task with its result when completed and its queue position when pending.
    func task(id: String) async throws -> TaskSnapshot?
    func tasks(_ query: TaskQuery) async throws -> TaskPage
    /// Pending and running tasks, oldest first.
    func unfinishedTasks() async throws -> [TaskSnapshot]
    func chat(id: String) async throws -> ChatRecord?
    /// The chat's messages, oldest first; `limit` keeps the most recent ones.
    func messages(chatID: String, limit: Int?) async throws -> [ChatMessage]
    /// Deletes tasks that finished before `cutoff`; returns how many of each status went, or nil
    /// when another node is doing the same right now.
    func deleteFinished(before cutoff: Date) async throws -> StatusCounts?
    func countByStatus() async throws -> StatusCounts

    /// Extends the leases of `taskIDs`, the tasks `node` runs, to `lease` from now in one
    /// statement; returns the ids it still holds (a task missing from the answer was taken from it).
    func renewLeases(node: String, taskIDs: [String], lease: Duration) async throws -> Set<String>
    /// Re-queues the running tasks in `scope`, or ends them `interrupted` once they have had
    /// `maxAttempts` starts, or `cancelled` when their cancel flag is set. Guarded in the update
    /// itself, so it never touches a task that finished meanwhile or whose lease was renewed.
    func rescue(_ scope: RescueScope, maxAttempts: Int) async throws -> RescueReport
    /// Cancels a pending task at once, or flags a running one for its node.
    func requestCancel(taskID: String) async throws -> CancelRequest
    /// The tasks `node` runs whose cancel flag is set.
    func cancelRequests(node: String) async throws -> [String]
    /// How many tasks wait to be claimed.
    func pendingCount() async throws -> Int
    /// Changes made by other processes, for as long as the stream is iterated; never ends on its
    /// own (a lost connection is retried inside). Stops when the consuming task is cancelled.
    func signals() -> AsyncStream<StoreSignal>
    /// Closes connections; the store is not used afterwards.
    func close() async
}

/// Awaiting forms of `enqueue`, for callers that wait for their own write.
extension TaskStore {
    public func insert(_ task: TaskSnapshot, claim: IdempotencyClaim?) async throws -> InsertOutcome {
        guard case .inserted(let outcome) = try await perform(.insert(task, claim: claim)) else {
            throw StoreError("the store answered an insert with another kind of result")
        }
        return outcome
    }

    public func claim(node: String, limit: Int, lease: Duration) async throws -> [TaskSnapshot] {
        guard case .claimed(let tasks) = try await perform(.claim(node: node, limit: { limit }, lease: lease)) else {
            throw StoreError("the store answered a claim with another kind of result")
        }
        return tasks
    }

    /// Writes a run's end; false when the holder had lost the task (nothing was written).
    public func finish(_ task: TaskSnapshot, holder: ClaimToken) async throws -> Bool {
        try await perform(.finish(task, holder: holder)) != .lostClaim
    }

    /// Writes a completed turn; nil when the holder had lost the task (nothing was written).
    public func complete(
        _ task: TaskSnapshot, messages: [ChatMessage], backend: String, holder: ClaimToken
    ) async throws -> ChatRecord? {
        switch try await perform(.complete(task, messages: messages, backend: backend, holder: holder)) {
        case .completed(let chat): return chat
        case .lostClaim: return nil
        default: throw StoreError("the store answered a completion with another kind of result")
        }
    }

    public func perform(_ write: TaskWrite) async throws -> TaskWriteResult {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(write) { continuation.resume(with: $0) }
        }
    }
}

/// A storage failure; `message` names what went wrong without SQL or paths of the caller's data.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Set when the storage itself cannot take writes (rather than one write being wrong): the
    /// same write may succeed once someone frees space, makes it writable or brings it back.
    public var fault: StorageFault?

    public init(_ message: String, fault: StorageFault? = nil) {
        self.message = message
        self.fault = fault
    }

    public var description: String { message }
}

/// Why the storage under a store cannot take writes for now.
public enum StorageFault: Sendable, Equatable {
    /// No space left on the disk (or the database server's disk).
    case full
    /// The database or its disk is read-only, or writing to it fails.
    case unwritable
    /// The database server cannot be reached or is restarting.
    case unreachable
}
