import Foundation
@testable import Server
import Testing

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
        #expect(members["b"].map { if case .integer(1) = $0 { true } else { false } } == true, "1.0 reads as Foundation reads it")
        #expect(members["c"].map { if case .integer(100) = $0 { true } else { false } } == true)
        #expect(members["d"].map { if case .number(1.5) = $0 { true } else { false } } == true)
        #expect(members["e"].map { if case .unrepresentableNumber = $0 { true } else { false } } == true)
        #expect(members["f"].map { if case .number = $0 { true } else { false } } == true)
        #expect(members["g"].map { if case .integer(0) = $0 { true } else { false } } == true)
        #expect(members["h"].map { if case .integer(.max) = $0 { true } else { false } } == true)
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
