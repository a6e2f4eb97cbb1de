/// One Server-Sent Event: the joined `data:` lines of a block and its optional `event:` type.
struct ServerSentEvent: Sendable, Equatable {
    var type: String?
    var data: String

    init(type: String? = nil, data: String) {
        self.type = type
        self.data = data
    }
}

/// Turns an event stream into events as its bytes arrive, following the WHATWG "event stream
/// interpretation": lines end in LF, CRLF or a lone CR; `:` lines are comments; a block's `data:`
/// lines are joined with LF; a blank line dispatches the block. Network reads split the stream
/// anywhere — inside a line, between CR and LF, inside a multi-byte character — so bytes are
/// buffered until a line is complete and only whole lines are decoded as UTF-8.
struct ServerSentEventParser {
    private var line: [UInt8] = []
    /// A CR ended the last line; an LF right after it (possibly in the next read) belongs to it.
    private var skipNextLineFeed = false
    private var isFirstLine = true
    private var data: [UInt8] = []
    private var hasData = false
    private var eventType: String?

    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D
    private static let colon: UInt8 = 0x3A
    private static let space: UInt8 = 0x20
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Feeds the next bytes of the stream; returns the events they completed, in order.
    mutating func feed(_ bytes: some Collection<UInt8>) -> [ServerSentEvent] {
        if let events = bytes.withContiguousStorageIfAvailable({ feed(contiguous: $0) }) { return events }
        return Array(bytes).withUnsafeBufferPointer { feed(contiguous: $0) }
    }

    /// Scans for line ends and copies whole runs of line bytes at once: a reply is streamed in
    /// hundreds of small reads, and going byte by byte through a generic view costs more than the
    /// rest of the request.
    private mutating func feed(contiguous bytes: UnsafeBufferPointer<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        var index = 0
        if skipNextLineFeed, let first = bytes.first {
            skipNextLineFeed = false
            if first == Self.lineFeed { index = 1 }
        }
        while index < bytes.count {
            var end = index
            while end < bytes.count, bytes[end] != Self.lineFeed, bytes[end] != Self.carriageReturn { end += 1 }
            line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
            guard end < bytes.count else { break }
            endLine(into: &events)
            index = end + 1
            if bytes[end] == Self.carriageReturn {
                if index < bytes.count {
                    if bytes[index] == Self.lineFeed { index += 1 }
                } else {
                    skipNextLineFeed = true
                }
            }
        }
        return events
    }

    /// The stream ended. A block whose lines were complete but that never got its closing blank
    /// line is still dispatched (some servers end with `data: [DONE]\n`); an unterminated last line
    /// is dropped, as the standard says — it is a cut-off fragment, and the caller reports the
    /// stream as truncated because its end marker never arrived.
    mutating func finish() -> [ServerSentEvent] {
        line.removeAll()
        var events: [ServerSentEvent] = []
        dispatch(into: &events)
        return events
    }

    private mutating func endLine(into events: inout [ServerSentEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if isFirstLine {
            isFirstLine = false
            if line.starts(with: Self.byteOrderMark) { line.removeFirst(Self.byteOrderMark.count) }
        }
        guard let first = line.first else {
            dispatch(into: &events)
            return
        }
        if first == Self.colon { return }  // a comment, e.g. a keep-alive `: ping`
        let field: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colonIndex = line.firstIndex(of: Self.colon) {
            field = line[..<colonIndex]
            value = line[(colonIndex + 1)...]
            if value.first == Self.space { value = value.dropFirst() }
        } else {
            field = line[...]
            value = []
        }
        switch String(decoding: field, as: UTF8.self) {
        case "data":
            data.append(contentsOf: value)
            data.append(Self.lineFeed)
            hasData = true
        case "event":
            eventType = String(decoding: value, as: UTF8.self)
        default:
            break  // `id`, `retry` and unknown fields mean nothing to a chat completion stream
        }
    }

    private mutating func dispatch(into events: inout [ServerSentEvent]) {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            eventType = nil
        }
        guard hasData else { return }
        data.removeLast()  // the LF after the last data line
        events.append(ServerSentEvent(type: eventType, data: String(decoding: data, as: UTF8.self)))
    }
}
