import Foundation
import Testing

@testable import Engine

@Suite("Wire formats")
struct WireFormatTests {
    @Test("timestamps are ISO-8601 UTC with milliseconds and Z")
    func timestamps() {
        #expect(Timestamp.string(Date(timeIntervalSince1970: 1_758_537_001)) == "2025-09-22T10:30:01.000Z")
        #expect(Timestamp.string(Date(timeIntervalSince1970: 0.123)) == "1970-01-01T00:00:00.123Z")
        #expect(Timestamp.string(Date(timeIntervalSince1970: 951_825_600.5)) == "2000-02-29T12:00:00.500Z")
        #expect(Timestamp.parse("2025-09-22T10:30:00.000Z") == Date(timeIntervalSince1970: 1_758_537_000))
        #expect(Timestamp.parse("2025-09-22T18:30:00+08:00") == Date(timeIntervalSince1970: 1_758_537_000))
        #expect(Timestamp.parse("22/09/2025") == nil)
    }

    /// The API document declares a request's `timestamp` as JSON Schema's `date-time`, RFC 3339:
    /// the server takes exactly what that format takes.
    @Test("timestamps read are RFC 3339 date-times, and nothing else")
    func rfc3339() {
        let epoch = { (seconds: Double) in Date(timeIntervalSince1970: seconds) }
        #expect(Timestamp.parse("2025-09-22t10:30:00z") == epoch(1_758_537_000))
        #expect(Timestamp.parse("2025-09-22T05:00:00.25-05:30") == epoch(1_758_537_000.25))
        #expect(Timestamp.parse("2024-02-29T00:00:00.123456789Z") != nil)
        #expect(Timestamp.parse("0001-01-01T00:00:00+23:59") == epoch(-62_135_596_800 - 86_340))
        #expect(Timestamp.parse("9999-12-31T23:59:59Z") == epoch(253_402_300_799))
        for malformed in [
            "2025-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "0000-01-01T00:00:00Z", "2025-13-01T00:00:00Z",
            "2024-01-01T12:99:00Z", "2025-09-22T24:00:00Z", "2025-09-22T23:59:60Z", "2025-09-22T10:30:00",
            "2025-09-22 10:30:00Z", "2025-09-22T10:30Z", "2025-09-22T10:30:00.Z", "2025-09-22T10:30:00+0800",
            "2025-09-22T10:30:00+08", "2025-09-22T10:30:00+24:00", "2025-09-22T10:30:00+08:60",
            " 2025-09-22T10:30:00Z", "2025-09-22T10:30:00Zjunk", "2025-9-22T10:30:00Z", "+2025-09-22T10:30:00Z",
            "２０２５-09-22T10:30:00Z", "",
        ] {
            #expect(Timestamp.parse(malformed) == nil, "\(malformed)")
        }
    }

    @Test("the store's hand-written JSON columns read back as the same values, escapes included")
    func jsonColumns() throws {
        let awkward = "引号\"、反斜杠\\、换行\n、制表\t、控制\u{01}、emoji 🤰"
        let triage = TriageSummary(level: .emergency, signs: ["阴道出血", awkward])
        let references = [
            Reference(id: "kb-1", title: awkward, source: "WHO", url: "https://www.who.int/a?b=c&d=\"e\""),
            Reference(id: "kb-2", title: "无链接", source: "国家卫健委", url: nil),
        ]
        #expect(try JSONDecoder().decode(TriageSummary.self, from: Data(JSONColumns.text(triage).utf8)) == triage)
        #expect(try JSONDecoder().decode([Reference].self, from: Data(JSONColumns.text(references).utf8)) == references)
        #expect(
            try JSONDecoder().decode([String].self, from: Data(JSONColumns.text(["a", awkward]).utf8)) == [
                "a", awkward,
            ])
        #expect(JSONColumns.text([String]()) == "[]")
        #expect(!JSONColumns.text(references).contains("null"), "a missing url is left out, as JSONEncoder does")
    }
}

@Test("task ids are task_ + a random version-4 UUID, never repeating")
func taskIDs() {
    let ids = (0..<1000).map { _ in TaskSnapshot.newID() }
    #expect(Set(ids).count == ids.count)
    for id in ids.prefix(20) {
        #expect(id.hasPrefix("task_"))
        let uuid = UUID(uuidString: String(id.dropFirst(5)))
        #expect(uuid != nil)
        #expect(Array(id.dropFirst(5))[14] == "4")
    }
}
