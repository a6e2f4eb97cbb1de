import Engine
import Foundation

/// Everything the screen shows, in one value. Only the reducer changes it; the renderer reads it.
public struct AppState: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// The clock as of the last tick: elapsed times are measured against it, so a frame is a
    /// pure function of the state.
    public var now: Date
    public var identity: Identity?
    /// The chat new questions continue; nil until the first question of a new chat.
    public var chatID: String?
    public var input = InputLine(maxLength: RequestValidation.maxInputLength)
    public var focus: Focus = .input
    public var tasks = TaskList()
    public var selectedID: String?
    /// The first task row shown in the tasks pane.
    public var taskScroll = 0
    /// The first body line shown in the conversation pane.
    public var conversationScroll = 0
    /// Whether the conversation pane keeps new text in view: the reader was at its bottom when they
    /// last scrolled it or picked the task. Scrolling up ends it, scrolling back down resumes it.
    public var conversationFollows = true
    /// The selected task's conversation body as last laid out, for the next update and frame.
    var conversationCache = ConversationBodyCache()
    public var stats: EngineStats
    public var modal: Modal?
    public var flash: Flash?
    /// Where the HTTP API listens, when it does (shown in the header).
    public var listenAddress: String?
    /// How many sample questions the burst key submits.
    public var burstSize: Int
    /// This process's node name: tasks run by other nodes sharing the database are marked with theirs.
    public var node: String?

    public init(
        width: Int, height: Int, now: Date, identity: Identity?, stats: EngineStats,
        listenAddress: String? = nil, burstSize: Int = 12, node: String? = nil
    ) {
        self.width = width
        self.height = height
        self.now = now
        self.identity = identity
        self.stats = stats
        self.listenAddress = listenAddress
        self.burstSize = burstSize
        self.node = node
    }

    public var selectedTask: TaskSnapshot? { selectedID.flatMap { tasks[$0] } }

    /// The clock needs to tick while elapsed times run or a message waits to expire.
    public var needsClockTicks: Bool { tasks.liveCount > 0 || (flash.map { !$0.lasting } ?? false) }
}

/// A dialog drawn over the panes; it takes every key until closed.
public enum Modal: Sendable, Equatable {
    case help
    case identity(IdentityForm)
}

/// A one-line message under the panes that fades after a few seconds.
public struct Flash: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case info, error }

    public var text: String
    public var kind: Kind
    /// Shown until another message replaces it (a problem found at start), instead of fading.
    public var lasting: Bool
    /// Set at the first tick after the message appears, so it is shown for the full time even
    /// when the clock had not ticked for a while.
    public var expires: Date?

    public init(_ text: String, kind: Kind = .info, lasting: Bool = false) {
        self.text = text
        self.kind = kind
        self.lasting = lasting
    }

    public static let lifetime: TimeInterval = 5
}
