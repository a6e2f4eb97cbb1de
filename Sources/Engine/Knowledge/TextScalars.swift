/// Scalar-level normalisation shared by retrieval and triage, so the knowledge base, the
/// danger-sign phrases and the user's text are compared in one form. Works on raw
/// `Unicode.Scalar` values: no String allocation, cheap enough for the hot path.
enum TextScalars {
    /// Folds a scalar: ASCII letters to lower case, full-width ASCII (Ａ１！) to ASCII,
    /// the ideographic space to a space and the typographic apostrophe to `'`.
    @inline(__always)
    static func normalize(_ value: UInt32) -> UInt32 {
        if value < 0x80 {
            return value &- 0x41 < 26 ? value | 0x20 : value
        }
        if value >= 0xFF01 && value <= 0xFF5E {
            let ascii = value &- 0xFEE0
            return ascii &- 0x41 < 26 ? ascii | 0x20 : ascii
        }
        switch value {
        case 0x3000: return 0x20
        case 0x2019, 0x2018: return 0x27
        default: return value
        }
    }

    /// True for CJK ideographs (basic block, extension A, compatibility, and the supplementary planes).
    @inline(__always)
    static func isHan(_ value: UInt32) -> Bool {
        (value >= 0x4E00 && value <= 0x9FFF)
            || (value >= 0x3400 && value <= 0x4DBF)
            || (value >= 0xF900 && value <= 0xFAFF)
            || (value >= 0x20000 && value <= 0x2FA1F)
    }

    /// True for an already-normalised ASCII letter or digit (a word character for mixed text).
    @inline(__always)
    static func isASCIIWordChar(_ value: UInt32) -> Bool {
        value &- 0x61 < 26 || value &- 0x30 < 10
    }

    @inline(__always)
    static func isDigit(_ value: UInt32) -> Bool { value &- 0x30 < 10 }

    /// Punctuation that ends a clause; negation and context never reach across it.
    @inline(__always)
    static func isClauseBreak(_ value: UInt32) -> Bool {
        switch value {
        case 0x2C, 0x2E, 0x21, 0x3F, 0x3B, 0x3A, 0x0A, 0x0D,  // , . ! ? ; : newlines
            0xFF0C, 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0xFF1A, 0x3001,  // ，。！？；：、
            0x2026, 0xFF5E, 0x7E:  // … ～ ~
            return true
        default:
            return false
        }
    }

    /// The normalised scalars of a string, for building tables at start-up (not for the hot path).
    static func normalizedScalars(_ text: String) -> [UInt32] {
        text.unicodeScalars.map { normalize($0.value) }
    }
}
