import Foundation

/// The task manager's knobs (the settings of the same names).
public struct EngineConfiguration: Sendable, Equatable {
    /// Tasks running at once.
    public var maxWorkers: Int
    /// Pending tasks accepted before submissions are refused.
    public var maxQueue: Int
    /// A running task past this fails with `timeout`.
    public var taskTimeout: Duration
    /// How often finished tasks past retention are deleted.
    public var cleanupInterval: Duration
    /// How long finished tasks are kept.
    public var maxAge: Duration
    /// How many times a task may be started before a rescue gives up on it (`interrupted`).
    public var maxAttempts: Int
    /// This process's name in claims, logs and the UI; unique among the nodes sharing a store.
    public var node: String
    /// A claim not renewed for this long is rescued by another node.
    public var lease: Duration

    public init(
        maxWorkers: Int = 5, maxQueue: Int = 1000, taskTimeout: Duration = .seconds(300),
        cleanupInterval: Duration = .seconds(3600), maxAge: Duration = .seconds(24 * 3600), maxAttempts: Int = 3,
        node: String = EngineConfiguration.defaultNodeName(), lease: Duration = .seconds(30)
    ) {
        self.maxWorkers = maxWorkers
        self.maxQueue = maxQueue
        self.taskTimeout = taskTimeout
        self.cleanupInterval = cleanupInterval
        self.maxAge = maxAge
        self.maxAttempts = maxAttempts
        self.node = node
        self.lease = lease
    }

    /// `hostname-pid`: unique on a machine, and names the machine among several.
    public static func defaultNodeName() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }
}

/// The engine at a glance: what the TUI header and `/metrics` show.
public struct EngineStats: Sendable, Equatable {
    public var running: Int
    public var pending: Int
    /// Stored (within retention) completed and failed tasks.
    public var completed: Int
    public var failed: Int
    public var maxWorkers: Int
    public var backend: String

    public init(running: Int, pending: Int, completed: Int, failed: Int, maxWorkers: Int, backend: String) {
        self.running = running
        self.pending = pending
        self.completed = completed
        self.failed = failed
        self.maxWorkers = maxWorkers
        self.backend = backend
    }
}

/// One change of one task, with the engine's counts right after it.
public struct TaskUpdate: Sendable, Equatable {
    public var snapshot: TaskSnapshot
    public var stats: EngineStats
}

/// What a submission led to: a new task, or the earlier one its idempotency key names.
public struct Submission: Sendable, Equatable {
    public var snapshot: TaskSnapshot
    public var isNew: Bool
}
