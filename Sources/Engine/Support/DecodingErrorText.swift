/// One-line reasons for JSON that does not decode, shared by every loader of bundled or user files.
enum DecodingErrorText {
    /// Turns a DecodingError into a one-line reason with the JSON path, e.g. `[3].source: key not found`.
    static func describe(_ error: any Error) -> String {
        /// `reason` after its JSON path; a failure of the whole document (an empty path) is the reason alone.
        func located(_ codingPath: [any CodingKey], _ reason: String) -> String {
            let path = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? reason : "\(path): \(reason)"
        }
        guard let decodingError = error as? DecodingError else { return String(describing: error) }
        switch decodingError {
        case .keyNotFound(let key, let context):
            return located(context.codingPath + [key], "key not found")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return located(context.codingPath, context.debugDescription)
        @unknown default:
            return String(describing: decodingError)
        }
    }
}
