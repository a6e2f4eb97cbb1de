/// A one-line text field: edits whole grapheme clusters (a Chinese character, an accented letter
/// or an emoji is one step for the cursor and one backspace), measures the cursor in terminal
/// columns and scrolls sideways when the text is wider than its box.
public struct InputLine: Sendable, Equatable {
    public private(set) var characters: [Character] = []
    /// Index into `characters`: the cursor sits before this character.
    public private(set) var cursor = 0
    /// The first column shown when the text is wider than the box.
    public private(set) var scroll = 0
    public let maxLength: Int

    public init(_ text: String = "", maxLength: Int = 4000) {
        self.maxLength = maxLength
        insert(text)
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }
    public var cursorColumn: Int { TerminalWidth.of(String(characters[..<cursor])) }

    /// Inserts typed or pasted text at the cursor. Line breaks and tabs become spaces and other
    /// control characters are dropped; returns false when the length limit cut the text.
    @discardableResult
    public mutating func insert(_ typed: String) -> Bool {
        var cleaned = ""
        for character in typed {
            if character.isNewline || character == "\t" {
                cleaned.append(" ")
            } else if !character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                cleaned.append(character)
            }
        }
        let room = maxLength - characters.count
        let fits = cleaned.count <= room
        if !fits { cleaned = String(cleaned.prefix(max(0, room))) }
        guard !cleaned.isEmpty else { return fits }
        // Re-segmenting lets a combining mark typed after a letter join it.
        let before = String(characters[..<cursor]) + cleaned
        characters = Array(before + String(characters[cursor...]))
        cursor = min(characters.count, Array(before).count)
        return fits
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }

    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    public mutating func clear() {
        characters = []
        cursor = 0
        scroll = 0
    }

    /// Moves `scroll` so the cursor shows in a box `width` columns wide (the cursor needs a
    /// column of its own at the end of the text).
    public mutating func keepCursorVisible(width: Int) {
        let width = max(1, width)
        let column = cursorColumn
        let total = TerminalWidth.of(String(characters))
        if column < scroll { scroll = column }
        if column - scroll > width - 1 { scroll = column - (width - 1) }
        if total - scroll < width - 1 { scroll = max(0, min(scroll, total - (width - 1))) }
    }

    /// What a box `width` columns wide shows, and the cursor's column inside it.
    public func visible(width: Int) -> (text: String, cursorX: Int) {
        var shown = ""
        var column = 0
        var firstShown: Int?
        for character in characters {
            let columns = TerminalWidth.of(character)
            if column >= scroll {
                if column + columns - scroll > width { break }
                if firstShown == nil { firstShown = column }
                shown.append(character)
            }
            column += columns
        }
        return (shown, cursorColumn - (firstShown ?? scroll))
    }
}
