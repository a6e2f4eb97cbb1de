/// Takes reasoning models' `<think>…</think>` blocks out of the reply as it streams (Qwen3,
/// DeepSeek-R1 and others, through servers that leave the reasoning in `content`; servers that
/// send it as `reasoning_content` never put it there). A tag may arrive split across chunks, so
/// text that could be the start of one is held back until the next chunk tells.
struct ThinkBlockFilter {
    private static let open = "<think>"
    private static let close = "</think>"

    private var inside = false
    private var held = ""

    /// The part of `text` (after what was held back) that belongs to the reply.
    mutating func feed(_ text: String) -> String {
        var rest = held + text
        held = ""
        var reply = ""
        while true {
            let tag = inside ? Self.close : Self.open
            if let range = rest.range(of: tag) {
                if !inside { reply += rest[..<range.lowerBound] }
                rest = String(rest[range.upperBound...])
                inside.toggle()
                continue
            }
            let keep = Self.partialTagLength(at: rest, of: tag)
            if !inside { reply += rest.dropLast(keep) }
            held = String(rest.suffix(keep))
            return reply
        }
    }

    /// What was held back at the end: reply text, unless it was inside a block never closed.
    mutating func finish() -> String {
        defer { held = "" }
        return inside ? "" : held
    }

    /// How many characters at the end of `text` could begin `tag`.
    private static func partialTagLength(at text: String, of tag: String) -> Int {
        for length in stride(from: min(tag.count - 1, text.count), through: 1, by: -1)
        where tag.hasPrefix(text.suffix(length)) {
            return length
        }
        return 0
    }
}
