import Foundation

/// One chat message as the original API shows it; assistant replies add triage and references.
public struct ChatMessage: Codable, Sendable, Equatable {
    public enum Role: String, Codable, Sendable { case user, assistant }

    public var role: Role
    public var content: String
    public var timestamp: String
    public var triage: TriageSummary?
    public var references: [Reference]?
    public var fileIDs: [String]?
    public var taskID: String?

    public init(
        role: Role, content: String, timestamp: String, triage: TriageSummary? = nil,
        references: [Reference]? = nil, fileIDs: [String]? = nil, taskID: String? = nil
    ) {
        self.role = role
        self.content = content
        self.timestamp = timestamp
        self.triage = triage
        self.references = references
        self.fileIDs = fileIDs
        self.taskID = taskID
    }

    enum CodingKeys: String, CodingKey {
        case role, content, timestamp, triage, references
        case fileIDs = "file_id"
        case taskID = "task_id"
    }
}

/// `{level, signs}` as shown on a reply.
public struct TriageSummary: Codable, Sendable, Equatable {
    public var level: TriageLevel
    public var signs: [String]

    public init(level: TriageLevel, signs: [String]) {
        self.level = level
        self.signs = signs
    }

    public init(_ assessment: TriageAssessment) {
        self.init(level: assessment.level, signs: assessment.signs)
    }
}

/// `chat_meta` of the synchronous response.
public struct ChatMeta: Codable, Sendable, Equatable {
    public var chatID: String
    public var maternalID: Int64
    public var userType: UserType
    public var createdAt: String
    public var updatedAt: String
    public var messageCount: Int
    public var backend: String
    public var triage: TriageLevel

    public init(
        chatID: String, maternalID: Int64, userType: UserType, createdAt: String, updatedAt: String,
        messageCount: Int, backend: String, triage: TriageLevel
    ) {
        self.chatID = chatID
        self.maternalID = maternalID
        self.userType = userType
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.messageCount = messageCount
        self.backend = backend
        self.triage = triage
    }

    enum CodingKeys: String, CodingKey {
        case chatID = "chat_id"
        case maternalID = "maternal_id"
        case userType = "user_type"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case messageCount = "message_count"
        case backend, triage
    }
}

/// The `data` of the synchronous endpoint, and of a completed task's `result`.
public struct QAResult: Codable, Sendable, Equatable {
    public var chatMeta: ChatMeta
    public var sessionTitle: String
    public var messages: [ChatMessage]
    public var error: String?

    public init(chatMeta: ChatMeta, sessionTitle: String, messages: [ChatMessage], error: String? = nil) {
        self.chatMeta = chatMeta
        self.sessionTitle = sessionTitle
        self.messages = messages
        self.error = error
    }

    /// The assistant's reply of this turn.
    public var reply: ChatMessage? { messages.last { $0.role == .assistant } }

    enum CodingKeys: String, CodingKey {
        case chatMeta = "chat_meta"
        case sessionTitle = "session_title"
        case messages, error
    }

    /// `error` is always present on the wire (`null` on success), as the original returns it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(chatMeta, forKey: .chatMeta)
        try container.encode(sessionTitle, forKey: .sessionTitle)
        try container.encode(messages, forKey: .messages)
        try container.encode(error, forKey: .error)
    }

    /// The result of a completed turn: the chat as the turn left it and the turn's two messages.
    public static func completedTurn(
        chat: ChatRecord, userType: UserType, backend: String, triage: TriageLevel, messages: [ChatMessage]
    ) -> QAResult {
        QAResult(
            chatMeta: ChatMeta(
                chatID: chat.id, maternalID: chat.maternalID, userType: userType,
                createdAt: Timestamp.string(chat.createdAt), updatedAt: Timestamp.string(chat.updatedAt),
                messageCount: chat.messageCount, backend: backend, triage: triage),
            sessionTitle: sessionTitle(for: chat.firstQuestion),
            messages: messages)
    }

    /// The session title: the chat's first question, cut to 10 characters plus `...` when longer.
    public static func sessionTitle(for firstQuestion: String) -> String {
        firstQuestion.count > 10 ? String(firstQuestion.prefix(10)) + "..." : firstQuestion
    }
}
