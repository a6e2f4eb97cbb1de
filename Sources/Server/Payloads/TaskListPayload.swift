import Engine

/// The `data` of the task list: a page of tasks, newest first, and the cursor of the next page.
struct TaskListPayload: Encodable, Sendable {
    let tasks: [TaskListItem]
    let nextCursor: String?

    init(_ page: TaskPage) {
        tasks = page.tasks.map(TaskListItem.init)
        nextCursor = page.nextCursor
    }

    enum CodingKeys: String, CodingKey {
        case tasks
        case nextCursor = "next_cursor"
    }

    /// `next_cursor` is always present, `null` on the last page, so clients can loop on it.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tasks, forKey: .tasks)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// A task in a list: the status fields without `result`, plus who asked what and its triage
/// level. The list keeps `triage` the documented level string (clients of the list read it so);
/// it is there from submission on, since triage runs at intake. The status body has `{level, signs}`.
struct TaskListItem: Encodable, Sendable {
    let snapshot: TaskSnapshot

    enum CodingKeys: String, CodingKey {
        case chatID = "chat_id"
        case maternalID = "maternal_id"
        case userType = "user_type"
        case input, triage
    }

    func encode(to encoder: any Encoder) throws {
        // The status fields and these land in the same JSON object.
        try TaskStatusPayload(snapshot, isListItem: true).encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(snapshot.chatID, forKey: .chatID)
        try container.encode(snapshot.request.maternalID, forKey: .maternalID)
        try container.encode(snapshot.request.userType, forKey: .userType)
        try container.encode(snapshot.request.input, forKey: .input)
        try container.encode(snapshot.triageSummary.level, forKey: .triage)
    }
}
