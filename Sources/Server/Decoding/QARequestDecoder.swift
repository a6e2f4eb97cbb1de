import Engine
import Hummingbird

/// Turns a submit body into a `QARequest`, refusing each problem with a message that names the
/// field and what it held. Value rules shared with other front ends (lengths, formats) are left
/// to `RequestValidation`, which `TaskManager.submit` applies.
enum QARequestDecoder {
    static func decode(_ body: ByteBuffer) throws -> QARequest {
        guard String(validating: body.readableBytesView, as: UTF8.self) != nil else {
            throw APIError.badRequest("请求体不是有效的 UTF-8 文本")
        }
        let members: [String: JSONValue]
        do {
            switch try JSONBodyParser.parse(Array(body.readableBytesView)) {
            case .object(let object): members = object
            case .other(let value): throw APIError.badRequest("请求体必须是 JSON 对象（收到\(value.kind)）")
            }
        } catch let error as JSONBodyParser.SyntaxError {
            throw APIError.badRequest("请求体不是有效的 JSON（第 \(error.offset + 1) 个字节）：\(error.reason)")
        }
        func field(_ key: QARequest.CodingKeys) -> JSONValue? { members[key.stringValue] }
        return QARequest(
            input: try input(field(.input)), maternalID: try maternalID(field(.maternalID)),
            userType: try userType(field(.userType)), chatID: try optionalString(field(.chatID), "chat_id"),
            timestamp: try optionalString(field(.timestamp), "timestamp"), fileIDs: try fileIDs(field(.fileIDs)))
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
                case .number(let number) where number.rounded() == number:
                    throw APIError.badRequest("file_id[\(index)] 是整数时不能超出 64 位整数的范围（收到\(item.kind)）")
                default: throw APIError.badRequest("file_id[\(index)] 必须是字符串或整数（收到\(item.kind)）")
                }
            }
        case let other?: throw APIError.badRequest("file_id 必须是数组（收到\(other.kind)）")
        }
    }
}
