import Foundation

/// Text a model server sent, made fit for a task's error message and a log line.
enum ServerText {
    /// One line, cut to `limit` characters.
    static func snippet(_ text: String, limit: Int = 300) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }

    /// The readable message of an error body: its JSON message when it has one, else the body's
    /// text; nil when the body is empty.
    static func errorMessage(_ body: Data) -> String? {
        if let parsed = try? JSONDecoder().decode(ServerErrorBody.self, from: body), let text = parsed.text {
            return snippet(text)
        }
        let raw = snippet(String(decoding: body, as: UTF8.self))
        return raw.isEmpty ? nil : raw
    }
}
