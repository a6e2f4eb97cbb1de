/// Takes the model's own triage line out of a streamed reply.
///
/// The system prompt asks the model to open with one line `TRIAGE: emergency|urgent|routine`.
/// That line is for the app, never for the user: it is held back while it streams (it may arrive
/// split over any number of chunks) and dropped once its end (a line break, or the end of the
/// stream) is seen. Its level is handed on once; an
/// unreadable level is dropped with the line. A reply that does not open with `TRIAGE:` (after
/// blanks and Markdown emphasis) is passed on whole, as soon as that is clear.
struct TriageLineFilter {
    private enum State {
        /// Not yet known whether the reply opens with the line: text is held.
        case undecided
        /// Inside the line, its header read: what follows the colon is held until the line ends.
        case inLine
        /// The line is over, or there was none: text passes.
        case passing
    }

    private var state = State.undecided
    private var held = ""

    /// The text of `piece` to hand on now (empty while held), and the model's level when this piece
    /// completed a readable triage line.
    mutating func feed(_ piece: String) -> (text: String, level: TriageLevel?) {
        if case .passing = state { return (piece, nil) }
        held += piece
        if case .undecided = state {
            switch Self.header(of: held) {
            case .needMore: return ("", nil)
            case .notALine:
                state = .passing
                return (take(), nil)
            case .line(let afterColon):
                held = String(held[afterColon...])
                state = .inLine
            }
        }
        guard let lineEnd = held.firstIndex(where: \.isNewline) else { return ("", nil) }
        let level = Self.level(afterColon: held[..<lineEnd])
        state = .passing
        let rest = String(held[held.index(after: lineEnd)...])
        held = ""
        return (rest, level)
    }

    /// The stream ended: what is still held (a reply too short to tell, or nothing when the
    /// reply was only the triage line) and the line's level.
    mutating func finish() -> (text: String, level: TriageLevel?) {
        switch state {
        case .passing:
            return ("", nil)
        case .undecided:
            state = .passing
            return (take(), nil)
        case .inLine:
            state = .passing
            let level = Self.level(afterColon: held[...])
            held = ""
            return ("", level)
        }
    }

    private mutating func take() -> String {
        defer { held = "" }
        return held
    }

    // MARK: - Reading the line

    private enum Header {
        case needMore, notALine
        /// It is the line; its text after the colon starts here.
        case line(String.Index)
    }

    private static let keyword = Array("triage".unicodeScalars)

    /// Whether `text` opens with `TRIAGE:` (any case, full-width colon too, blanks and Markdown
    /// markers before it, blanks before the colon).
    private static func header(of text: String) -> Header {
        var scalars = text.unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace || "*_#>`".unicodeScalars.contains(first) {
            scalars.removeFirst()
        }
        for expected in keyword {
            guard let next = scalars.first else { return .needMore }
            guard next.properties.lowercaseMapping == String(expected) else { return .notALine }
            scalars.removeFirst()
        }
        while let next = scalars.first, next == " " || next == "\t" || next == "*" || next == "_" {
            scalars.removeFirst()
        }
        guard let separator = scalars.first else { return .needMore }
        guard separator == ":" || separator == "：" else { return .notALine }
        return .line(scalars.index(after: scalars.startIndex))
    }

    /// The level the rest of a triage line (after its colon) names: its first word must be a
    /// level, and no other level may follow (`emergency|urgent|routine` copied from the prompt
    /// names none).
    static func level(afterColon rest: Substring) -> TriageLevel? {
        let words = rest.lowercased().split(whereSeparator: { !($0.isASCII && $0.isLetter) })
        guard let first = words.first, let level = TriageLevel(rawValue: String(first)) else { return nil }
        let levels = Set(words.compactMap { TriageLevel(rawValue: String($0)) })
        return levels.count == 1 ? level : nil
    }
}
