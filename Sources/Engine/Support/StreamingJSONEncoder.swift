import NIOCore

/// Writes an `Encodable` straight into a `ByteBuffer`, keys in the order the type encodes them.
///
/// Foundation's `JSONEncoder` builds a tree of boxed values first and, on Linux, emits object
/// keys in hash order; this writes as it goes, so envelopes come out as `{"code","msg","data"}`
/// like the original's, and encoding is no longer the largest cost of a status poll (nor of
/// saving a turn's JSON columns). It covers
/// what the API encodes (keyed, unkeyed and single-value containers, as synthesized and
/// hand-written `encode(to:)` use them); a type asking for anything else (nested containers,
/// `superEncoder`) makes `encode` return nil, and the caller falls back to `JSONEncoder`.
public enum StreamingJSONEncoder {
    public static func encode(_ value: some Encodable, into buffer: inout ByteBuffer) throws -> Bool {
        let sink = Sink(buffer: buffer)
        try sink.write(value)
        guard !sink.unsupported else { return false }
        buffer = sink.buffer
        return true
    }

    /// A JSON string: quotes, backslashes and control characters escaped, the rest as UTF-8.
    public static func writeString(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var pendingStart = text.utf8.startIndex
        let utf8 = text.utf8
        for index in utf8.indices {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            buffer.writeBytes(utf8[pendingStart..<index])
            switch byte {
            case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case 0x0A: buffer.writeStaticString("\\n")
            case 0x0D: buffer.writeStaticString("\\r")
            case 0x09: buffer.writeStaticString("\\t")
            default:
                let hex = Array("0123456789abcdef".utf8)
                buffer.writeStaticString("\\u00")
                buffer.writeInteger(hex[Int(byte >> 4)])
                buffer.writeInteger(hex[Int(byte & 0x0F)])
            }
            pendingStart = utf8.index(after: index)
        }
        buffer.writeBytes(utf8[pendingStart...])
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    /// The output, shared by every container of one encoding.
    final class Sink {
        var buffer: ByteBuffer
        /// Set when the value used an encoder feature that cannot be streamed.
        var unsupported = false

        init(buffer: ByteBuffer) {
            self.buffer = buffer
        }

        func write<T: Encodable>(_ value: T) throws {
            switch value {
            case let text as String: writeString(text)
            case let number as Int: buffer.writeString(String(number))
            case let number as Int64: buffer.writeString(String(number))
            case let flag as Bool: buffer.writeString(flag ? "true" : "false")
            case let number as Double: try writeDouble(number)
            default:
                let encoder = ValueEncoder(sink: self)
                try value.encode(to: encoder)
                encoder.close()
            }
        }

        func writeDouble(_ number: Double) throws {
            guard number.isFinite else {
                throw EncodingError.invalidValue(
                    number, .init(codingPath: [], debugDescription: "JSON has no \(number)"))
            }
            buffer.writeString(
                number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))
        }

        func writeString(_ text: String) {
            StreamingJSONEncoder.writeString(text, into: &buffer)
        }
    }

    /// The encoder one value sees. It opens its object or array on first use and `close()`
    /// ends it; a value that asks for the same keyed container twice keeps filling one object.
    final class ValueEncoder: Encoder {
        enum Shape { case none, object, array, single }

        let sink: Sink
        var shape = Shape.none
        /// Members written so far, to place the commas.
        var count = 0
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init(sink: Sink) {
            self.sink = sink
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            open(.object, "{")
            return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            open(.array, "[")
            return UnkeyedContainer(encoder: self)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            if shape == .none { shape = .single } else if shape != .single { sink.unsupported = true }
            return SingleValueContainer(encoder: self)
        }

        private func open(_ wanted: Shape, _ bracket: StaticString) {
            if shape == .none {
                shape = wanted
                sink.buffer.writeStaticString(bracket)
            } else if shape != wanted {
                sink.unsupported = true
            }
        }

        /// Before each member: a comma unless it is the first.
        func separate() {
            if count > 0 { sink.buffer.writeInteger(UInt8(ascii: ",")) }
            count += 1
        }

        func close() {
            switch shape {
            case .none: sink.buffer.writeStaticString("{}")
            case .object: sink.buffer.writeStaticString("}")
            case .array: sink.buffer.writeStaticString("]")
            case .single: if count == 0 { sink.buffer.writeStaticString("null") }
            }
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: ValueEncoder
        var codingPath: [any CodingKey] { [] }

        private func key(_ key: Key) {
            encoder.separate()
            encoder.sink.writeString(key.stringValue)
            encoder.sink.buffer.writeInteger(UInt8(ascii: ":"))
        }

        mutating func encodeNil(forKey key: Key) throws {
            self.key(key)
            encoder.sink.buffer.writeStaticString("null")
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            self.key(key)
            try encoder.sink.write(value)
        }

        // The common primitives directly, without the generic path's dynamic casts.
        mutating func encode(_ value: String, forKey key: Key) throws {
            self.key(key)
            encoder.sink.writeString(value)
        }

        mutating func encode(_ value: Int, forKey key: Key) throws {
            self.key(key)
            encoder.sink.buffer.writeString(String(value))
        }

        mutating func encode(_ value: Int64, forKey key: Key) throws {
            self.key(key)
            encoder.sink.buffer.writeString(String(value))
        }

        mutating func encode(_ value: Bool, forKey key: Key) throws {
            self.key(key)
            encoder.sink.buffer.writeString(value ? "true" : "false")
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            encoder.sink.unsupported = true
            return ValueEncoder(sink: Sink(buffer: ByteBuffer())).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            encoder.sink.unsupported = true
            return ValueEncoder(sink: Sink(buffer: ByteBuffer())).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            encoder.sink.unsupported = true
            return ValueEncoder(sink: Sink(buffer: ByteBuffer()))
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder() }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let encoder: ValueEncoder
        var codingPath: [any CodingKey] { [] }
        var count: Int { encoder.count }

        mutating func encodeNil() throws {
            encoder.separate()
            encoder.sink.buffer.writeStaticString("null")
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            encoder.separate()
            try encoder.sink.write(value)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
            NestedKey
        > {
            encoder.sink.unsupported = true
            return ValueEncoder(sink: Sink(buffer: ByteBuffer())).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            encoder.sink.unsupported = true
            return ValueEncoder(sink: Sink(buffer: ByteBuffer())).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            encoder.sink.unsupported = true
            return ValueEncoder(sink: Sink(buffer: ByteBuffer()))
        }
    }

    struct SingleValueContainer: SingleValueEncodingContainer {
        let encoder: ValueEncoder
        var codingPath: [any CodingKey] { [] }

        /// A single value is written once; a second write would make invalid JSON.
        private func claim() -> Bool {
            guard encoder.count == 0 else {
                encoder.sink.unsupported = true
                return false
            }
            encoder.count = 1
            return true
        }

        mutating func encodeNil() throws {
            if claim() { encoder.sink.buffer.writeStaticString("null") }
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            if claim() { try encoder.sink.write(value) }
        }

        /// What enums with raw values call.
        mutating func encode(_ value: String) throws {
            if claim() { encoder.sink.writeString(value) }
        }
    }
}
