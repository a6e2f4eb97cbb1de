/// Clauses and sentences of a normalised text. Scope (如果…, 上周…已经好了) is decided per clause
/// within its sentence, so the breaks are found once and every hit is placed by its start.
struct TextSegments: Sendable {
    /// Clause and sentence number of each scalar.
    private(set) var clauseOf: [Int32]
    private(set) var sentenceOf: [Int32]
    private(set) var clauseCount = 0
    private(set) var sentenceCount = 0

    init(_ text: UnsafeBufferPointer<UInt32>) {
        clauseOf = [Int32](repeating: 0, count: text.count)
        sentenceOf = [Int32](repeating: 0, count: text.count)
        var clause: Int32 = 0
        var sentence: Int32 = 0
        for index in 0..<text.count {
            clauseOf[index] = clause
            sentenceOf[index] = sentence
            if Self.isSentenceBreak(text, at: index) {
                clause += 1
                sentence += 1
            } else if Self.isClauseBreak(text, at: index) {
                clause += 1
            }
        }
        clauseCount = Int(clause) + 1
        sentenceCount = Int(sentence) + 1
    }

    /// Punctuation that ends a sentence. A full stop between digits (38.5) is a decimal point.
    static func isSentenceBreak(_ text: UnsafeBufferPointer<UInt32>, at index: Int) -> Bool {
        switch text[index] {
        case 0x3002, 0xFF01, 0xFF1F, 0x21, 0x3F, 0x0A, 0x0D, 0x3B, 0xFF1B:  // 。！？!?\n\r;；
            return true
        case 0x2E:
            return !isDecimalPoint(text, at: index)
        default:
            return false
        }
    }

    /// Punctuation that ends a clause (and every sentence break); negation and context never cross it.
    static func isClauseBreak(_ text: UnsafeBufferPointer<UInt32>, at index: Int) -> Bool {
        switch text[index] {
        case 0x2C, 0x3A, 0xFF0C, 0xFF1A, 0x3001, 0x2026, 0xFF5E, 0x7E:  // , : ，：、…～~
            return true
        case 0x2600...0x27BF, 0x1F300...0x1FAFF:  // emoji end a clause as punctuation does: 大出血🩸 好怕😰
            return true
        case 0x2E:
            return !isDecimalPoint(text, at: index)
        case 0x20:
            // Phone messages use spaces as commas: 同事怀孕出血保胎了 我10周 好怕.
            return index > 0 && index + 1 < text.count && TextScalars.isHan(text[index - 1])
                && (TextScalars.isHan(text[index + 1]) || TextScalars.isDigit(text[index + 1]))
        default:
            return isSentenceBreak(text, at: index)
        }
    }

    @inline(__always)
    private static func isDecimalPoint(_ text: UnsafeBufferPointer<UInt32>, at index: Int) -> Bool {
        index > 0 && index + 1 < text.count && TextScalars.isDigit(text[index - 1])
            && TextScalars.isDigit(text[index + 1])
    }
}
