import Logging
import Synchronization

/// Every log record a logger produced, rendered with its metadata, so tests can search them.
final class CapturedLogs: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    /// A trace-level logger that records into this capture.
    func logger(_ label: String = "test.openai") -> Logger {
        var logger = Logger(label: label) { label in CapturingHandler(label: label, sink: self) }
        logger.logLevel = .trace
        return logger
    }

    func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }

    fileprivate func record(_ line: String) { lines.withLock { $0.append(line) } }
}

private struct CapturingHandler: LogHandler {
    let label: String
    let sink: CapturedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let error = event.error.map { " error=\($0)" } ?? ""
        sink.record("\(event.level) \(label): \(event.message) \(fields)\(error)")
    }
}
