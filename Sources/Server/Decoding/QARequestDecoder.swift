import Engine
import Foundation
import Hummingbird

/// Turns a submit body into a `QARequest`, refusing each problem with a message that names the
/// field and what it held. Value rules shared with other front ends (lengths, formats) are left
/// to `RequestValidation`, which `TaskManager.submit` applies.
enum QARequestDecoder {
    static func decode(_ body: ByteBuffer) throws -> QARequest {
        guard String(validating: body.readableBytesView, as: UTF8.self) != nil else {
            throw APIError.badRequest("请求体不是有效的 UTF-8 文本")
        }
        // JSON allows no raw control characters; Foundation's decoder lets some through inside strings.
        if body.readableBytesView.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
            throw APIError.badRequest("请求体不是有效的 JSON：包含未转义的控制字符（例如 NUL 字节）")
        }
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: Data(body.readableBytesView))
        } catch let error as DecodingError where Self.isNotAnObject(error) {
            let kind = (try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView)))?.kind ?? "非对象"
            throw APIError.badRequest("请求体必须是 JSON 对象（收到\(kind)）")
        } catch {
            // Foundation gives no position for the failure, so the message points at the usual suspects.
            throw APIError.badRequest("请求体不是有效的 JSON：请检查引号、逗号、括号和转义字符")
        }
        return QARequest(
            input: try input(fields.input), maternalID: try maternalID(fields.maternalID),
            userType: try userType(fields.userType), chatID: try optionalString(fields.chatID, "chat_id"),
            timestamp: try optionalString(fields.timestamp, "timestamp"), fileIDs: try fileIDs(fields.fileIDs))
    }

    /// The body is valid JSON, just not an object (an array, a string, `null`…).
    private static func isNotAnObject(_ error: DecodingError) -> Bool {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context): context.codingPath.isEmpty
        default: false
        }
    }

    /// The fields DESIGN.md defines; anything else in the object is ignored.
    private struct Fields: Decodable {
        var input: JSONValue?
        var maternalID: JSONValue?
        var userType: JSONValue?
        var chatID: JSONValue?
        var timestamp: JSONValue?
        var fileIDs: JSONValue?

        typealias CodingKeys = QARequest.CodingKeys
    }

    private static func input(_ value: JSONValue?) throws -> String {
        switch value {
        case .string(let text): return text
        case nil, .null: throw APIError.badRequest("input 不能为空")
        case let other?: throw APIError.badRequest("input 必须是字符串（收到\(other.kind)）")
        }
    }

    private static func maternalID(_ value: JSONValue?) throws -> Int64 {
        switch value {
        case .integer(let id) where id > 0: return id
        case nil, .null: throw APIError.badRequest("maternal_id 不能为空，必须是正整数")
        case .number(let number) where number.rounded() == number && number > 0:
            throw APIError.badRequest("maternal_id 必须是正整数且不超过 \(Int64.max)")
        case let other?: throw APIError.badRequest("maternal_id 必须是正整数（收到\(other.kind)）")
        }
    }

    private static func userType(_ value: JSONValue?) throws -> UserType {
        let choices = UserType.allCases.map(\.rawValue).joined(separator: ", ")
        switch value {
        case .string(let text):
            guard let type = UserType(rawValue: text) else {
                throw APIError.badRequest("user_type 必须是 \(choices) 之一（收到 \(Echo.quoted(text))）")
            }
            return type
        case nil, .null: throw APIError.badRequest("user_type 不能为空，必须是 \(choices) 之一")
        case let other?: throw APIError.badRequest("user_type 必须是字符串：\(choices) 之一（收到\(other.kind)）")
        }
    }

    private static func optionalString(_ value: JSONValue?, _ field: String) throws -> String? {
        switch value {
        case nil, .null: return nil
        case .string(let text): return text
        case let other?: throw APIError.badRequest("\(field) 必须是字符串（收到\(other.kind)）")
        }
    }

    /// Ids may be strings or integers (the original accepted both); they are stored as strings.
    private static func fileIDs(_ value: JSONValue?) throws -> [String] {
        switch value {
        case nil, .null: return []
        case .array(let items):
            guard items.count <= RequestValidation.maxFileIDs else {
                throw APIError.badRequest("file_id 最多 \(RequestValidation.maxFileIDs) 个（收到 \(items.count) 个）")
            }
            return try items.enumerated().map { index, item in
                switch item {
                case .string(let id):
                    guard !id.unicodeScalars.contains(where: { $0.value == 0 }) else {
                        throw APIError.badRequest("file_id[\(index)] 不能包含 NUL 字符")
                    }
                    return id
                case .integer(let id): return String(id)
                default: throw APIError.badRequest("file_id[\(index)] 必须是字符串或整数（收到\(item.kind)）")
                }
            }
        case let other?: throw APIError.badRequest("file_id 必须是数组（收到\(other.kind)）")
        }
    }
}
