/// A strict JSON (RFC 8259) parser for request bodies: bytes straight to `JSONValue`s.
///
/// Foundation's `JSONDecoder` was a tenth of the server's CPU per submission (it builds a tree,
/// then decodes through the `Decoder` protocol, throwing an error for each type it tries on a
/// value), and it cannot say where a body goes wrong. This one reads the body once and reports
/// the byte offset of the first error. Nested objects are checked but kept only as `.object`:
/// no field of a request is an object.
struct JSONBodyParser {
    /// What the body holds: an object's members, or the value it holds instead.
    enum Document {
        case object([String: JSONValue])
        case other(JSONValue)
    }

    struct SyntaxError: Error, Equatable {
        /// Offset of the offending byte from the start of the body.
        let offset: Int
        let reason: String
    }

    /// Foundation's limit too; deeper bodies would only exhaust the stack.
    static let maxDepth = 512

    private let bytes: [UInt8]
    private var position = 0

    /// `bytes` must be valid UTF-8 (checked by the caller): strings are taken from it as they are.
    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> Document {
        var parser = JSONBodyParser(bytes: bytes)
        parser.skipWhitespace()
        let document: Document
        if parser.peek == UInt8(ascii: "{") {
            document = .object(try parser.objectMembers(depth: 1))
        } else {
            document = .other(try parser.value(depth: 1))
        }
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("JSON 值之后还有多余的内容") }
        return document
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func error(_ reason: String) -> SyntaxError {
        SyntaxError(offset: position, reason: reason)
    }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(SyntaxError) {
        guard peek == byte else { throw error(peek == nil ? "内容不完整，缺少\(what)" : "此处应为\(what)") }
        position += 1
    }

    private mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
        guard depth <= Self.maxDepth else { throw error("嵌套超过 \(Self.maxDepth) 层") }
        guard let byte = peek else { throw error("内容不完整，缺少值") }
        switch byte {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "{"):
            _ = try objectMembers(depth: depth)
            return .object
        case UInt8(ascii: "["): return .array(try array(depth: depth))
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case ..<0x20: throw error("有未转义的控制字符（例如 NUL 字节）")
        default: throw error("此处应为一个 JSON 值")
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(SyntaxError) -> JSONValue {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes.count - position >= expected.count,
            bytes[position..<position + expected.count].elementsEqual(expected)
        else { throw error("此处应为一个 JSON 值") }
        position += expected.count
        return value
    }

    /// A later duplicate key wins, as in most parsers.
    private mutating func objectMembers(depth: Int) throws(SyntaxError) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        try elements(from: UInt8(ascii: "{"), to: UInt8(ascii: "}")) { parser throws(SyntaxError) in
            guard parser.peek == UInt8(ascii: "\"") else {
                throw parser.error(parser.peek == nil ? "内容不完整，缺少“}”" : "此处应为用双引号括起的键名")
            }
            let key = try parser.string()
            parser.skipWhitespace()
            try parser.expect(UInt8(ascii: ":"), "“:”")
            parser.skipWhitespace()
            members[key] = try parser.value(depth: depth + 1)
        }
        return members
    }

    private mutating func array(depth: Int) throws(SyntaxError) -> [JSONValue] {
        var items: [JSONValue] = []
        try elements(from: UInt8(ascii: "["), to: UInt8(ascii: "]")) { parser throws(SyntaxError) in
            items.append(try parser.value(depth: depth + 1))
        }
        return items
    }

    /// `open`, then elements separated by commas, each read by `element`, then `close`.
    private mutating func elements(
        from open: UInt8, to close: UInt8, _ element: (inout JSONBodyParser) throws(SyntaxError) -> Void
    ) throws(SyntaxError) {
        let closing = "“\(Character(Unicode.Scalar(close)))”"
        try expect(open, "“\(Character(Unicode.Scalar(open)))”")
        skipWhitespace()
        if peek == close {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            try element(&self)
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(close, "“,”或\(closing)")
            return
        }
    }

    private mutating func string() throws(SyntaxError) -> String {
        try expect(UInt8(ascii: "\""), "“\"”")
        let start = position
        // Most strings have no escapes: one scan, one copy.
        while let byte = peek, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            guard byte >= 0x20 else { throw error("字符串中有未转义的控制字符（例如 NUL 字节）") }
            position += 1
        }
        guard peek != nil else { throw error("字符串没有结束的双引号") }
        if peek == UInt8(ascii: "\"") {
            position += 1
            return String(decoding: bytes[start..<position - 1], as: UTF8.self)
        }
        var text = Array(bytes[start..<position])
        while true {
            guard let byte = peek else { throw error("字符串没有结束的双引号") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &text)
            case ..<0x20:
                position -= 1
                throw error("字符串中有未转义的控制字符（例如 NUL 字节）")
            default:
                text.append(byte)
            }
        }
    }

    /// The escape after a backslash, appended as UTF-8.
    private mutating func escape(into text: inout [UInt8]) throws(SyntaxError) {
        guard let byte = peek else { throw error("字符串没有结束的双引号") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(byte)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hexQuad()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u")
                else { throw error("\\u 转义是不成对的代理项") }
                position += 2
                let low = try hexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw error("\\u 转义是不成对的代理项") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("\\u 转义是不成对的代理项") }
            text.append(contentsOf: String(Character(unicode)).utf8)
        default:
            position -= 1
            throw error("无效的转义字符")
        }
    }

    private mutating func hexQuad() throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = Self.hexDigit(byte) else { throw error("\\u 后应为 4 位十六进制数") }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// An integer when the number is one that fits in 64 bits (also when written `1.0` or `1e2`),
    /// else a `Double`, else `unrepresentableNumber`.
    private mutating func number() throws(SyntaxError) -> JSONValue {
        let start = position
        if peek == UInt8(ascii: "-") { position += 1 }
        if peek == UInt8(ascii: "0") {
            position += 1
        } else {
            guard digits() > 0 else { throw error("数字格式不正确") }
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("小数点后应有数字") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw error("指数部分应有数字") }
        }
        let text = bytes[start..<position]
        if let integer = JSONNumber.integer(text) { return .integer(integer) }
        guard let number = Double(String(decoding: text, as: UTF8.self)), number.isFinite else {
            return .unrepresentableNumber
        }
        return .number(number)
    }

    private mutating func digits() -> Int {
        let start = position
        while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        return position - start
    }
}
