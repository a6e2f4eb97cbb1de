import Engine
import Metrics
import Prometheus
import Synchronization

/// The application's metrics, kept in a Prometheus registry owned by the application (not the
/// process-wide `MetricsSystem`), so any number of applications — tests, the TUI — coexist.
/// Request metrics go through swift-metrics' API with this registry's factory.
final class ServerMetrics: Sendable {
    private struct RequestKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct RequestMeters: Sendable {
        let count: Metrics.Counter
        let latency: Metrics.Timer
    }

    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    /// Meters by label set, so the hot path does one dictionary lookup instead of a registry lookup.
    private let requestMeters = Mutex<[RequestKey: RequestMeters]>([:])
    private let tasks: [TaskStatus: Metrics.Gauge]
    private let queueDepth: Metrics.Gauge
    private let workersBusy: Metrics.Gauge
    private let workersMax: Metrics.Gauge

    init() {
        factory = PrometheusMetricsFactory(registry: registry)
        let factory = self.factory
        tasks = Dictionary(
            uniqueKeysWithValues: TaskStatus.allCases.map { status in
                (status, Metrics.Gauge(label: "mqa_tasks", dimensions: [("state", status.rawValue)], factory: factory))
            })
        queueDepth = Metrics.Gauge(label: "mqa_queue_depth", factory: factory)
        workersBusy = Metrics.Gauge(label: "mqa_workers_busy", factory: factory)
        workersMax = Metrics.Gauge(label: "mqa_workers_max", factory: factory)
    }

    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let key = RequestKey(route: route, method: method, status: status)
        let meters = requestMeters.withLock { meters in
            if let existing = meters[key] { return existing }
            let dimensions = [("route", route), ("method", method), ("status", String(status))]
            let made = RequestMeters(
                count: Metrics.Counter(label: "http_requests_total", dimensions: dimensions, factory: factory),
                latency: Metrics.Timer(label: "http_request_duration_seconds", dimensions: dimensions, factory: factory)
            )
            meters[key] = made
            return made
        }
        meters.count.increment()
        meters.latency.recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// The Prometheus text exposition, with the engine gauges read just now.
    func exposition(engine stats: EngineStats) -> [UInt8] {
        tasks[.pending]?.record(stats.pending)
        tasks[.running]?.record(stats.running)
        tasks[.completed]?.record(stats.completed)
        tasks[.failed]?.record(stats.failed)
        queueDepth.record(stats.pending)
        workersBusy.record(stats.running)
        workersMax.record(stats.maxWorkers)
        return registry.emitToBuffer()
    }
}
