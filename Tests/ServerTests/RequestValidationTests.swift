import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Server

/// Every malformed submission gets a 4xx whose `msg` names the field or the problem, on both
/// submit endpoints, and the server keeps serving afterwards.
@Suite struct RequestValidationTests {
    struct BadBody: Sendable, CustomTestStringConvertible {
        let name: String
        let body: [UInt8]
        var contentType = "application/json"
        let status: Int
        let fragment: String

        init(
            _ name: String, _ body: String, _ status: Int = 400, _ fragment: String,
            contentType: String = "application/json"
        ) {
            self.init(name, Array(body.utf8), status, fragment, contentType: contentType)
        }

        init(
            _ name: String, _ body: [UInt8], _ status: Int = 400, _ fragment: String,
            contentType: String = "application/json"
        ) {
            self.name = name
            self.body = body
            self.status = status
            self.fragment = fragment
            self.contentType = contentType
        }

        var testDescription: String { name }
    }

    static let valid = #""maternal_id":1,"user_type":"doctor""#

    static let cases: [BadBody] = [
        BadBody("empty body", "", 400, "请求体不能为空"),
        BadBody("malformed JSON", #"{"input":"#, 400, "不是有效的 JSON"),
        BadBody("missing colon", #"{"input" "a"}"#, 400, "不是有效的 JSON"),
        BadBody(
            "trailing comma", #"{"input":"a","maternal_id":1,"user_type":"doctor",}"#, 400, "（第 51 个字节）：此处应为用双引号括起的键名"),
        BadBody("array body", #"[{"input":"a"}]"#, 400, "必须是 JSON 对象"),
        BadBody("string body", #""hello""#, 400, "必须是 JSON 对象"),
        BadBody("null body", "null", 400, "必须是 JSON 对象"),
        BadBody("missing input", "{\(valid)}", 400, "input 不能为空"),
        BadBody("null input", #"{"input":null,\#(valid)}"#, 400, "input 不能为空"),
        BadBody("blank input", #"{"input":"   \n ",\#(valid)}"#, 400, "input 不能为空"),
        BadBody("numeric input", #"{"input":42,\#(valid)}"#, 400, "input 必须是字符串"),
        BadBody(
            "input too long", #"{"input":"\#(String(repeating: "问", count: 4001))",\#(valid)}"#, 400, "input 长度不能超过"),
        // The document's input pattern and maxLength: Unicode white space, and code points as sent.
        BadBody("input of other white space", #"{"input":"\u3000\u00a0\u2028",\#(valid)}"#, 400, "input 不能为空"),
        BadBody(
            "input too long in code points", #"{"input":"\#(String(repeating: "e\u{301}", count: 2000)) x",\#(valid)}"#,
            400, "input 长度不能超过 4000 个字符（当前 4002）"),
        BadBody("NUL in input", #"{"input":"a\u0000b",\#(valid)}"#, 400, "NUL"),
        BadBody(
            "raw NUL byte",
            Array(#"{"input":"a"#.utf8) + [0] + Array(#"b","maternal_id":1,"user_type":"doctor"}"#.utf8), 400, "控制字符"),
        BadBody(
            "invalid UTF-8",
            Array(#"{"input":""#.utf8) + [0xFF, 0xFE] + Array(#"","maternal_id":1,"user_type":"doctor"}"#.utf8), 400,
            "UTF-8"),
        BadBody("missing maternal_id", #"{"input":"a","user_type":"doctor"}"#, 400, "maternal_id"),
        BadBody("zero maternal_id", #"{"input":"a","maternal_id":0,"user_type":"doctor"}"#, 400, "maternal_id 必须是正整数"),
        BadBody(
            "negative maternal_id", #"{"input":"a","maternal_id":-5,"user_type":"doctor"}"#, 400, "maternal_id 必须是正整数"),
        BadBody(
            "fractional maternal_id", #"{"input":"a","maternal_id":1.5,"user_type":"doctor"}"#, 400,
            "maternal_id 必须是正整数"),
        BadBody(
            "string maternal_id", #"{"input":"a","maternal_id":"123","user_type":"doctor"}"#, 400, "maternal_id 必须是正整数"),
        BadBody(
            "boolean maternal_id", #"{"input":"a","maternal_id":true,"user_type":"doctor"}"#, 400, "maternal_id 必须是正整数"),
        BadBody(
            "huge maternal_id", #"{"input":"a","maternal_id":99999999999999999999999,"user_type":"doctor"}"#, 400,
            "maternal_id"),
        BadBody(
            "overflowing maternal_id", #"{"input":"a","maternal_id":1e400,"user_type":"doctor"}"#, 400, "maternal_id"),
        BadBody("missing user_type", #"{"input":"a","maternal_id":1}"#, 400, "user_type"),
        BadBody("unknown user_type", #"{"input":"a","maternal_id":1,"user_type":"father"}"#, 400, "user_type 必须是"),
        BadBody("numeric user_type", #"{"input":"a","maternal_id":1,"user_type":3}"#, 400, "user_type"),
        BadBody("chat_id with spaces", #"{"input":"a",\#(valid),"chat_id":"a b"}"#, 400, "chat_id"),
        BadBody(
            "chat_id too long", #"{"input":"a",\#(valid),"chat_id":"\#(String(repeating: "c", count: 129))"}"#, 400,
            "chat_id"),
        BadBody("numeric chat_id", #"{"input":"a",\#(valid),"chat_id":5}"#, 400, "chat_id 必须是字符串"),
        BadBody("bad timestamp", #"{"input":"a",\#(valid),"timestamp":"yesterday"}"#, 400, "timestamp"),
        BadBody(
            "timestamp on no such day", #"{"input":"a",\#(valid),"timestamp":"2025-02-30T00:00:00Z"}"#, 400, "timestamp"
        ),
        BadBody("numeric timestamp", #"{"input":"a",\#(valid),"timestamp":1700000000}"#, 400, "timestamp 必须是字符串"),
        BadBody("file_id not an array", #"{"input":"a",\#(valid),"file_id":"f1"}"#, 400, "file_id 必须是数组"),
        BadBody("file_id too many", #"{"input":"a",\#(valid),"file_id":[1,2,3,4,5,6,7,8,9,10,11]}"#, 400, "file_id 最多"),
        BadBody("file_id with an object", #"{"input":"a",\#(valid),"file_id":["x",{"id":1}]}"#, 400, "file_id[1]"),
        BadBody(
            "file_id past 64 bits", #"{"input":"a",\#(valid),"file_id":[-9223372036854775809]}"#, 400,
            "file_id[0] 是整数时不能超出"),
        BadBody("form content type", "input=a", 415, "Content-Type", contentType: "application/x-www-form-urlencoded"),
        BadBody("text content type", #"{"input":"a",\#(valid)}"#, 415, "application/json", contentType: "text/plain"),
        BadBody("body over 64 KiB", #"{"input":"\#(String(repeating: "a", count: 70_000))",\#(valid)}"#, 413, "64 KiB"),
    ]

    @Test(arguments: cases)
    func refusedWithAUsefulMessage(_ bad: BadBody) async throws {
        try await APIHarness.run { client, _ in
            for path in ["/api/v2/chat/qa/async", "/api/v2/chat/qa"] {
                let response = try await client.execute(
                    uri: path, method: .post, headers: [.contentType: bad.contentType],
                    body: ByteBuffer(bytes: bad.body))
                let body = try EnvelopeBody(response)
                #expect(body.code == bad.status, "\(path): \(body.msg)")
                #expect(body.msg.contains(bad.fragment), "\(path): \(body.msg)")
                #expect(body.raw["data"] is NSNull)
            }
            // Still healthy, and a good request still works.
            _ = try await client.submit()
        }
    }

    @Test func unknownFieldsAreIgnoredAndFileIDsMayBeNumbers() async throws {
        try await APIHarness.run { client, _ in
            let response = try await client.postJSON(
                "/api/v2/chat/qa/async",
                #"{"input":"孕期可以喝咖啡吗","maternal_id":3,"user_type":"doctor","file_id":[1,"f-2"],"extra":{"x":[1]}}"#)
            #expect(response.status == .ok)
        }
    }

    @Test func jsonWithACharsetIsAccepted() async throws {
        try await APIHarness.run { client, _ in
            let response = try await client.postJSON(
                "/api/v2/chat/qa/async", #"{"input":"孕期可以喝咖啡吗","maternal_id":3,"user_type":"doctor"}"#,
                headers: [.contentType: "application/json; charset=UTF-8"])
            #expect(response.status == .ok)
        }
    }
}

/// Which content types count as JSON.
@Suite struct ContentTypeTests {
    @Test(arguments: [
        ("application/json", true), ("Application/JSON; charset=utf-8", true),
        (" application/json ;charset=UTF-8", true),
        ("application/problem+json", true), ("application/vnd.api+JSON", true), ("application/jsonx", false),
        ("text/json", false), ("text/plain", false), ("application/x-www-form-urlencoded", false), ("", false),
        ("application/", false), ("+json", false),
    ])
    func isJSON(contentType: String, expected: Bool) {
        #expect(BodyReader.isJSON(contentType) == expected)
    }
}
