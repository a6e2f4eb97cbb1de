import Testing

@testable import Engine

@Suite("SSE parser")
struct ServerSentEventParserTests {
    /// Feeds `text` split at the given byte offsets, then ends the stream.
    private func parse(_ text: String, splitAt cuts: [Int] = []) -> [ServerSentEvent] {
        let bytes = Array(text.utf8)
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        var start = 0
        for cut in cuts.sorted() + [bytes.count] where cut >= start {
            events += parser.feed(bytes[start..<cut])
            start = cut
        }
        return events + parser.finish()
    }

    @Test func dataLinesBecomeEvents() {
        let events = parse("data: {\"a\":1}\n\ndata: [DONE]\n\n")
        #expect(events == [ServerSentEvent(data: "{\"a\":1}"), ServerSentEvent(data: "[DONE]")])
    }

    @Test func multiLineDataIsJoinedWithNewlines() {
        #expect(parse("data: first\ndata: second\ndata:\n\n") == [ServerSentEvent(data: "first\nsecond\n")])
    }

    @Test func commentsAndUnknownFieldsAreIgnored() {
        let events = parse(": keep-alive\nid: 7\nretry: 100\nfoo: bar\ndata: x\n\n: ping\n\n")
        #expect(events == [ServerSentEvent(data: "x")])
    }

    @Test func eventTypeIsKeptForItsBlockOnly() {
        let events = parse("event: error\ndata: {\"message\":\"boom\"}\n\ndata: next\n\n")
        #expect(
            events == [ServerSentEvent(type: "error", data: "{\"message\":\"boom\"}"), ServerSentEvent(data: "next")])
    }

    @Test func crlfAndLoneCRLineEndings() {
        #expect(parse("data: a\r\n\r\ndata: b\r\rdata: c\n\n").map(\.data) == ["a", "b", "c"])
    }

    @Test func onlyOneLeadingSpaceIsRemovedAndColonlessLinesAreFieldNames() {
        #expect(parse("data:  two spaces\n\ndata\n\n").map(\.data) == [" two spaces", ""])
    }

    @Test func byteOrderMarkAtTheStartIsSkipped() {
        #expect(parse("\u{FEFF}data: x\n\n").map(\.data) == ["x"])
    }

    /// Network reads cut the stream anywhere: inside a field name, between CR and LF, inside a
    /// multi-byte character. Every cut must give the same events as the whole stream.
    @Test func anySplitOfTheByteStreamGivesTheSameEvents() {
        let stream = "data: {\"content\":\"你好，宝宝\"}\r\n\r\n: c\r\ndata: 第二\r\ndata: 行\r\n\r\ndata: [DONE]\r\n\r\n"
        let expected = parse(stream)
        #expect(expected.map(\.data) == ["{\"content\":\"你好，宝宝\"}", "第二\n行", "[DONE]"])
        let length = stream.utf8.count
        for cut in 0...length {
            #expect(parse(stream, splitAt: [cut]) == expected, "split at byte \(cut)")
        }
        for cut in stride(from: 0, to: length, by: 3) {
            #expect(parse(stream, splitAt: [cut, cut + 1, cut + 2]) == expected, "split at bytes \(cut)…\(cut + 2)")
        }
    }

    @Test func oneByteAtATime() {
        let stream = "data: 一\n\ndata: 二\r\n\r\n"
        #expect(parse(stream, splitAt: Array(0..<stream.utf8.count)).map(\.data) == ["一", "二"])
    }

    @Test func endOfStreamDispatchesACompleteBlockButDropsACutOffLine() {
        #expect(parse("data: [DONE]\n").map(\.data) == ["[DONE]"])
        #expect(parse("data: {\"choi").isEmpty)
        #expect(parse("data: whole\ndata: {\"cut").map(\.data) == ["whole"])
    }
}
