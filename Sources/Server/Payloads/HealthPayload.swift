import Engine

/// The `data` of `/healthz`: alive, and how loaded.
struct HealthPayload: Encodable, Sendable {
    let status = "ok"
    let backend: String
    let workersBusy: Int
    let maxWorkers: Int
    let pending: Int
    let maxQueue: Int

    init(stats: EngineStats, maxQueue: Int) {
        backend = stats.backend
        workersBusy = stats.running
        maxWorkers = stats.maxWorkers
        pending = stats.pending
        self.maxQueue = maxQueue
    }

    enum CodingKeys: String, CodingKey {
        case status, backend
        case workersBusy = "workers_busy"
        case maxWorkers = "max_workers"
        case pending
        case maxQueue = "max_queue"
    }
}
