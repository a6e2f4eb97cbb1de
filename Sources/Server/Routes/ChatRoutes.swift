import Engine
import Hummingbird

/// A chat's history.
struct ChatRoutes {
    let manager: TaskManager

    /// How many of the caller's recent tasks of that mother are searched for the chat (keys on only).
    static let ownershipSearchLimit = 100

    func register(on routes: RouterGroup<APIRequestContext>) {
        routes.get(RouterPath(APIPaths.chatMessages), use: messages)
    }

    /// `GET /api/v2/chat/{chat_id}/messages`: oldest first.
    @Sendable func messages(_ request: Request, context: APIRequestContext) async throws -> Response {
        let chatID = try context.parameters.require("chat_id")
        let notFound = APIError(.notFound, "对话不存在：chat_id \(Echo.quoted(chatID))")
        guard RequestValidation.isValidChatID(chatID), let history = try await manager.messages(chatID: chatID) else {
            throw notFound
        }
        let (chat, messages) = history
        if let owner = context.owner, try await !isVisible(chat, messages: messages, to: owner) {
            throw notFound
        }
        return JSONBody.envelope(.ok, msg: "获取对话记录成功", data: ChatHistoryPayload(chat: chat, messages: messages))
    }

    /// With API keys on, a chat is visible to the key that started it; other keys get 404, as for
    /// tasks. Chats from before chats had owners are visible to a key that asked in them: one of
    /// their messages' tasks, or one of the key's recent tasks of that mother, belongs to the key.
    private func isVisible(_ chat: ChatRecord, messages: [ChatMessage], to owner: String) async throws -> Bool {
        if let chatOwner = chat.owner { return chatOwner == owner }
        var checked = Set<String>()
        for taskID in messages.reversed().compactMap(\.taskID) where checked.insert(taskID).inserted {
            if (try? await manager.status(taskID, owner: owner)) != nil { return true }
            if checked.count >= 10 { break }
        }
        let recent = try await manager.list(
            TaskQuery(maternalID: chat.maternalID, owner: owner, limit: Self.ownershipSearchLimit))
        return recent.tasks.contains { $0.chatID == chat.id }
    }
}
