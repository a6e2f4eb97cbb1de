/// A question as submitted: the original system's request fields, already validated.
public struct QARequest: Codable, Sendable, Equatable {
    public var input: String
    public var maternalID: Int64
    public var userType: UserType
    /// The chat to continue; nil asks the engine to start a new one.
    public var chatID: String?
    /// The client's own timestamp, kept as sent (ISO-8601).
    public var timestamp: String?
    public var fileIDs: [String]

    public init(
        input: String, maternalID: Int64, userType: UserType,
        chatID: String? = nil, timestamp: String? = nil, fileIDs: [String] = []
    ) {
        self.input = input
        self.maternalID = maternalID
        self.userType = userType
        self.chatID = chatID
        self.timestamp = timestamp
        self.fileIDs = fileIDs
    }

    /// The wire names, which the server's lenient decoder reads too.
    public enum CodingKeys: String, CodingKey {
        case input
        case maternalID = "maternal_id"
        case userType = "user_type"
        case chatID = "chat_id"
        case timestamp
        case fileIDs = "file_id"
    }
}
