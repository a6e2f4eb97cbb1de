/// One JSON value as `JSONBodyParser` read it, so the request decoder can say exactly what a
/// field held instead of surfacing a generic decoding error.
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    /// A number that is not an integer fitting in 64 bits (a fraction, or too large).
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object
    /// A number even `Double` cannot hold (e.g. `1e400`).
    case unrepresentableNumber

    /// What the value is, in the words of an error message.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool(let value): "布尔值 \(value)"
        case .integer(let value): "整数 \(value)"
        case .number(let value): "数字 \(value)"
        case .unrepresentableNumber: "超出范围的数字"
        case .string(let value): "字符串 \(Echo.quoted(value))"
        case .array: "数组"
        case .object: "对象"
        }
    }
}
