/// How many terminal columns text occupies: CJK and emoji take 2, combining marks and format
/// characters 0, everything else 1.
///
/// The table is our own rather than the C library's `wcwidth`, so rendering is the same in every
/// locale (tests run in `C`); the curses driver reconciles any disagreement with the terminal.
public enum TerminalWidth {
    /// The width of one grapheme cluster (what the user sees as one character).
    public static func of(_ character: Character) -> Int {
        // ASCII, the common case, without `asciiValue` (which compares against "\r\n" every time).
        if let lead = character.utf8.first, lead < 0x80 { return lead >= 0x20 && lead < 0x7F ? 1 : 0 }
        var scalars = character.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return 0 }
        // An emoji-capable base followed by VARIATION SELECTOR-16 asks for the wide emoji form.
        while let next = scalars.next() {
            if next.value == 0xFE0F, first.properties.isEmoji { return 2 }
        }
        return of(first)
    }

    /// The width of a single scalar.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value >= 0x20 ? 1 : 0 }
        if value < 0xA0 { return 0 }
        if value < 0x1100 { return isZeroWidth(scalar) ? 0 : 1 }
        if (0x2500...0x259F).contains(value) { return 1 }  // box drawing and blocks: borders and bars, every frame
        if isWide(value) { return 2 }
        if value >= 0x2300, scalar.properties.isEmojiPresentation { return 2 }
        return isZeroWidth(scalar) ? 0 : 1
    }

    /// The width of a string: the sum over its grapheme clusters.
    public static func of(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return true
        default: return (0x1160...0x11FF).contains(scalar.value)  // Hangul medial vowels and finals join the initial.
        }
    }

    /// East Asian Wide and Fullwidth blocks (Unicode 15), minus emoji handled by their property.
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
            0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
            0x17000...0x18AFF, 0x1B000...0x1B2FF, 0x1F200...0x1F202, 0x1F210...0x1F23B,
            0x1F240...0x1F248, 0x1F250...0x1F251, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
