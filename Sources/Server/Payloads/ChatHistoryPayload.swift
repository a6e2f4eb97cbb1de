import Engine

/// The `data` of a chat's history: the chat's facts and its messages, oldest first.
struct ChatHistoryPayload: Encodable, Sendable {
    let chatID: String
    let maternalID: Int64
    let userType: UserType
    let sessionTitle: String
    let createdAt: String
    let updatedAt: String
    let messageCount: Int
    let messages: [ChatMessage]

    init(chat: ChatRecord, messages: [ChatMessage]) {
        chatID = chat.id
        maternalID = chat.maternalID
        userType = chat.userType
        sessionTitle = QAResult.sessionTitle(for: chat.firstQuestion)
        createdAt = Timestamp.string(chat.createdAt)
        updatedAt = Timestamp.string(chat.updatedAt)
        messageCount = chat.messageCount
        self.messages = messages
    }

    enum CodingKeys: String, CodingKey {
        case chatID = "chat_id"
        case maternalID = "maternal_id"
        case userType = "user_type"
        case sessionTitle = "session_title"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case messageCount = "message_count"
        case messages
    }
}
