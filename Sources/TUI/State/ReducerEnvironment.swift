import Engine

/// What the reducer needs from outside that is not in the action: where fresh chat ids come
/// from. Tests pass a deterministic one.
public struct ReducerEnvironment: Sendable {
    public var makeChatID: @Sendable (Int64, UserType) -> String

    public init(makeChatID: @escaping @Sendable (Int64, UserType) -> String) {
        self.makeChatID = makeChatID
    }

    /// The same random ids the server makes for a request without `chat_id`.
    public static let live = ReducerEnvironment { RequestValidation.newChatID(maternalID: $0, userType: $1) }
}
