import Engine
import Foundation
import Logging

/// While the chat UI owns the terminal nothing may write to it, so logs go to `chat.log` beside
/// the database file (in the data directory when the database is `:memory:` or a server), or
/// nowhere if that file cannot be opened.
enum ChatLogFile {
    static func path(database: DatabaseLocation, environment: [String: String]) -> String {
        var anchor = SettingsCatalog.defaultDatabasePath(environment: environment)
        if case .sqlite(let path) = database, path != ":memory:" { anchor = path }
        return URL(fileURLWithPath: anchor).deletingLastPathComponent().appendingPathComponent("chat.log").path
    }

    /// Sends every logger of the process to the file; returns false when it could not be opened.
    @discardableResult
    static func bootstrap(path: String, level: String) -> Bool {
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        let logLevel = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            guard descriptor >= 0 else { return SwiftLogNoOpLogHandler() }
            var handler = AppendingFileLogHandler(label: label, descriptor: descriptor)
            handler.logLevel = logLevel
            return handler
        }
        return descriptor >= 0
    }
}

/// One line per event, written with a single `write` on an `O_APPEND` descriptor, so lines from
/// concurrent loggers never interleave and no lock is needed.
struct AppendingFileLogHandler: LogHandler {
    let label: String
    let descriptor: Int32
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let details =
            merged.isEmpty
            ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = "\(Timestamp.string(Date())) \(event.level) \(label): \(event.message)\(details)\n"
        _ = line.utf8CString.withUnsafeBufferPointer { buffer in write(descriptor, buffer.baseAddress, buffer.count - 1)
        }
    }
}
