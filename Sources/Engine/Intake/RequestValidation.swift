import Foundation

/// The request rules (README, the HTTP API), shared by every front end; messages name the field.
public enum RequestValidation {
    public static let maxInputLength = 4000
    public static let maxFileIDs = 10
    public static let maxChatIDLength = 128

    /// Returns the request with `input` trimmed, or throws `invalidInput` naming the field.
    public static func validated(_ request: QARequest) throws -> QARequest {
        var request = request
        // Counted as sent, in Unicode scalars: what JSON Schema's maxLength counts.
        let length = request.input.unicodeScalars.count
        if length > maxInputLength {
            throw TaskManagerError.invalidInput("input 长度不能超过 \(maxInputLength) 个字符（当前 \(length)）")
        }
        request.input = request.input.trimmedWhitespace
        if request.input.isEmpty { throw TaskManagerError.invalidInput("input 不能为空") }
        if request.input.unicodeScalars.contains(where: { $0.value == 0 }) {
            throw TaskManagerError.invalidInput("input 不能包含 NUL 字符")
        }
        if request.maternalID <= 0 { throw TaskManagerError.invalidInput("maternal_id 必须是正整数") }
        if let chatID = request.chatID, !isValidChatID(chatID) {
            throw TaskManagerError.invalidInput("chat_id 只能包含字母、数字、_ 和 -，长度 1–\(maxChatIDLength)")
        }
        if let timestamp = request.timestamp, Timestamp.parse(timestamp) == nil {
            throw TaskManagerError.invalidInput("timestamp 必须是 ISO-8601 时间，例如 2025-09-22T10:30:00.000Z")
        }
        if request.fileIDs.count > maxFileIDs {
            throw TaskManagerError.invalidInput("file_id 最多 \(maxFileIDs) 个")
        }
        return request
    }

    public static func isValidChatID(_ chatID: String) -> Bool {
        !chatID.isEmpty && chatID.utf8.count <= maxChatIDLength
            && chatID.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x5F || byte == 0x2D
            }
    }

    /// The chat id the server makes when the request has none.
    public static func newChatID(maternalID: Int64, userType: UserType) -> String {
        "chat_\(maternalID)_\(userType.rawValue)_\(RandomID.uuidString())"
    }
}
