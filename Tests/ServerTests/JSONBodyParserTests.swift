import Foundation
import Testing

@testable import Server

/// The request body parser reads what Foundation reads, and refuses what it refuses, with a position.
@Suite struct JSONBodyParserTests {
    private static func members(_ text: String) throws -> [String: JSONValue] {
        guard case .object(let members) = try JSONBodyParser.parse(Array(text.utf8)) else {
            Issue.record("not an object: \(text)")
            return [:]
        }
        return members
    }

    private static func syntaxError(_ bytes: [UInt8]) -> JSONBodyParser.SyntaxError? {
        do {
            _ = try JSONBodyParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        #"{"s":"plain 中文 🤰"}"#,
        #"{"s":"esc \" \\ \/ \b \f \n \r \t"}"#,
        #"{"s":"\u5b55\u671f \ud83e\udd30 \u00e9"}"#,
        #"  {"s" : "spaced" , "n" : [ 1 , -2 , 3.5 , 1e3 , true , false , null , { "x" : [] } ] }  "#,
    ])
    func stringsAndValuesReadAsFoundationReadsThem(text: String) throws {
        let ours = try Self.members(text)
        let theirs = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(ours.keys) == Set(theirs.keys))
        guard case .string(let string)? = ours["s"] else { return #expect(Bool(false), "s is not a string") }
        #expect(string == theirs["s"] as? String)
    }

    @Test func numbersKeepTheirKind() throws {
        let members = try Self.members(
            #"{"a":7,"b":1.0,"c":1e2,"d":1.5,"e":1e400,"f":99999999999999999999,"g":-0,"h":9223372036854775807}"#)
        #expect(members["a"].map { if case .integer(7) = $0 { true } else { false } } == true)
        #expect(
            members["b"].map { if case .integer(1) = $0 { true } else { false } } == true,
            "1.0 is an integer, as JSON Schema counts them")
        #expect(members["c"].map { if case .integer(100) = $0 { true } else { false } } == true)
        #expect(members["d"].map { if case .number(1.5) = $0 { true } else { false } } == true)
        #expect(members["e"].map { if case .unrepresentableNumber = $0 { true } else { false } } == true)
        #expect(members["f"].map { if case .number = $0 { true } else { false } } == true)
        #expect(members["g"].map { if case .integer(0) = $0 { true } else { false } } == true)
        #expect(members["h"].map { if case .integer(.max) = $0 { true } else { false } } == true)
    }

    /// Integers as JSON Schema counts them, read exactly: through Double, the first two became
    /// Int64.min and 9007199254740992.
    @Test(
        arguments: [
            ("-9223372036854775809", nil), ("9007199254740993.0", 9_007_199_254_740_993),
            ("-9223372036854775808", .min),
            ("9223372036854775807.000", .max), ("9223372036854775808", nil), ("0.5e1", 5), ("100e-2", 1), ("1E+2", 100),
            ("0.0e9999999999999", 0), ("-0.0", 0), ("1e-5", nil), ("1.5", nil), ("2e19", nil), ("12e-1", nil),
        ] as [(String, Int64?)])
    func integersAreReadExactly(text: String, integer: Int64?) throws {
        let value = try #require(try Self.members(#"{"n":\#(text)}"#)["n"])
        if case .integer(let read) = value {
            #expect(read == integer)
        } else {
            #expect(integer == nil, "\(value.kind)")
        }
    }

    @Test func aLaterDuplicateKeyWins() throws {
        guard case .string("b")? = try Self.members(#"{"k":"a","k":"b"}"#)["k"] else {
            return #expect(Bool(false))
        }
    }

    @Test func topLevelValuesThatAreNotObjectsAreReported() throws {
        guard case .other(.array(let items)) = try JSONBodyParser.parse(Array("[1,2]".utf8)) else {
            return #expect(Bool(false))
        }
        #expect(items.count == 2)
        guard case .other(.null) = try JSONBodyParser.parse(Array(" null ".utf8)) else { return #expect(Bool(false)) }
    }

    @Test(arguments: [
        (#"{"a":1,}"#, 7), (#"{"a" 1}"#, 5), (#"{"a":01}"#, 6), (#"{"a":tru}"#, 5), (#"{"a":"x"#, 7),
        (#"{"a":"\x"}"#, 7), (#"{"a":"\ud800"}"#, 12), (#"{"a":"\u12"}"#, 10), (#"{"a":1.}"#, 7),
        (#"{"a":-}"#, 6), (#"{"a":1e}"#, 7), (#"{} {}"#, 3), ("", 0), (#"{'a':1}"#, 1), ("{\"a\":\"\u{1}\"}", 6),
    ])
    func malformedBodiesFailAtTheRightByte(text: String, offset: Int) throws {
        let error = try #require(Self.syntaxError(Array(text.utf8)))
        #expect(error.offset == offset, "\(text): \(error.reason)")
        #expect(!error.reason.isEmpty)
    }

    @Test func deepNestingIsRefusedWithoutExhaustingTheStack() throws {
        let deep = Array(repeating: UInt8(ascii: "["), count: 60_000)
        let error = try #require(Self.syntaxError(deep))
        #expect(error.reason.contains("嵌套"))
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(Self.syntaxError(Array(#"{"a":\#(fine)}"#.utf8)) == nil)
    }
}

extension JSONBodyParserTests {
    /// Bodies broken at random, from a fixed seed: our parser accepts exactly what Foundation's does,
    /// except trailing commas, which Foundation lets through and JSON (and the original service) does not.
    @Test func agreesWithFoundationOnMutatedBodies() throws {
        var generator = SplitMix(seed: 42)
        let seeds = [
            #"{"input":"孕期可以喝咖啡吗 \"引号\" \n","maternal_id":123,"user_type":"pregnant_mother","file_id":[1,"a"],"x":{"y":[true,false,null,-1.5e3]}}"#,
            #"{"input":"\u5b55\ud83e\udd30","maternal_id":1.0,"chat_id":"c_1","timestamp":"2024-01-01T00:00:00Z"}"#,
        ]
        let alphabet = Array(#"{}[]":,\/ -+.eE0123456789truefalsn孕\u"#.utf8)
        var mismatches: [String] = []
        for round in 0..<20000 {
            var bytes = Array(seeds[round % seeds.count].utf8)
            for _ in 0..<(1 + Int(generator.next() % 3)) {
                let index = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes.remove(at: index)
                case 1: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: index)
                default: bytes[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                }
                if bytes.isEmpty { bytes = [UInt8(ascii: "{")] }
            }
            guard String(validating: bytes, as: UTF8.self) != nil else { continue }
            let ours = (try? JSONBodyParser.parse(bytes)) != nil
            let theirs = (try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)) != nil
            let trailingComma = bytes.indices.dropLast().contains { index in
                bytes[index] == UInt8(ascii: ",")
                    && bytes[(index + 1)...].first(where: { $0 != 0x20 }).map {
                        $0 == UInt8(ascii: "}") || $0 == UInt8(ascii: "]")
                    } == true
            }
            if ours != theirs, !(theirs && trailingComma) {
                mismatches.append(
                    "\(theirs ? "Foundation only" : "ours only"): \(String(decoding: bytes, as: UTF8.self))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10).joined(separator: "\n"))")
    }
}

/// A tiny seeded generator, so the mutations are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
