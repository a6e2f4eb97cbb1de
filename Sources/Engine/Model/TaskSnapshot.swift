import Foundation

/// What a task looks like at one moment: the unit that is stored, published and shown.
public struct TaskSnapshot: Sendable, Equatable, Identifiable {
    public var id: String
    public var status: TaskStatus
    public var stage: TaskStage
    /// 0–100, never decreasing; 100 only when completed.
    public var progress: Int
    public var createdAt: Date
    public var startedAt: Date?
    /// When the task reached `completed` or `failed`.
    public var completedAt: Date?
    public var request: QARequest
    /// The chat this task belongs to (made at submit when `request.chatID` was nil).
    public var chatID: String
    /// Position among pending tasks, 1 = next to run; only set on pending snapshots read from the manager.
    public var queuePosition: Int?
    public var result: QAResult?
    public var error: String?
    public var errorCode: TaskErrorCode?
    /// For a failed task whose cause is technical (the model server's): that cause, in English,
    /// for whoever runs the server; `error` says it for the asker.
    public var errorDetail: String?
    /// Triage (level and danger signs), made at intake before the task is stored, so every
    /// snapshot carries it from the first moment; a later step may raise it, never lower it.
    /// Nil only for a task stored by a version without intake triage (see `triageSummary`).
    public var triage: TriageSummary?
    /// Who created the task (an API key's fingerprint), nil when keys are off.
    public var owner: String?
    /// How many times a worker started this task (restarts re-queue it a bounded number of times).
    public var attempts: Int
    /// Higher runs first among pending tasks: set at intake from the triage level
    /// (`TriageLevel.queuePriority`: emergency 2, urgent 1, routine 0).
    public var priority: Int
    /// The node running it (or that ran it last), nil before its first claim.
    public var node: String?
    /// While running: the answer as written so far by this attempt (nil before its first piece
    /// and in every other status; a completed task's answer is its `result`).
    public var answerSoFar: AnswerSoFar?

    public init(
        id: String, status: TaskStatus, stage: TaskStage, progress: Int, createdAt: Date,
        startedAt: Date? = nil, completedAt: Date? = nil, request: QARequest, chatID: String,
        queuePosition: Int? = nil, result: QAResult? = nil, error: String? = nil,
        errorCode: TaskErrorCode? = nil, errorDetail: String? = nil, triage: TriageSummary? = nil, owner: String? = nil,
        attempts: Int = 0,
        priority: Int = 0, node: String? = nil, answerSoFar: AnswerSoFar? = nil
    ) {
        self.id = id
        self.status = status
        self.stage = stage
        self.progress = progress
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.request = request
        self.chatID = chatID
        self.queuePosition = queuePosition
        self.result = result
        self.error = error
        self.errorCode = errorCode
        self.errorDetail = errorDetail
        self.triage = triage
        self.owner = owner
        self.attempts = attempts
        self.priority = priority
        self.node = node
        self.answerSoFar = answerSoFar
    }

    /// `task_` + a random UUID: unguessable.
    public static func newID() -> String { "task_" + RandomID.uuidString() }
}
