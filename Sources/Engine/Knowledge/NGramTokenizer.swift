/// The kind of an index term; retrieval weighs them differently (a shared bigram says far
/// more about topic than a shared single character).
enum GramKind: UInt8, Sendable {
    case unigram = 1
    case bigram = 2
    case word = 3
}

/// Splits text into integer-coded terms without whitespace tokenising, so Chinese works:
/// every Han character (unigram), every pair of adjacent Han characters (bigram), and every
/// run of ASCII letters/digits (a lower-cased word, hashed). Codes are `UInt64`s with the kind
/// in the top bits, so the index is a dictionary of integers and a query allocates nothing.
enum NGramTokenizer {
    private static let kindShift: UInt64 = 61
    private static let payloadMask: UInt64 = (1 << 61) - 1
    private static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// The kind encoded in a term code.
    @inline(__always)
    static func kind(of code: UInt64) -> GramKind {
        GramKind(rawValue: UInt8(truncatingIfNeeded: code >> kindShift)) ?? .word
    }

    /// An upper bound on the number of terms `forEachTerm` can emit for `text`
    /// (at most two per scalar, plus one trailing word); every scalar is at least one UTF-8 byte.
    @inline(__always)
    static func maximumTermCount(_ text: String) -> Int {
        text.utf8.count &* 2 &+ 1
    }

    /// Calls `body` with every term code of `text`, in order.
    @inline(__always)
    static func forEachTerm(in text: String, _ body: (UInt64) -> Void) {
        var previousHan: UInt32 = 0
        var inWord = false
        var wordHash: UInt64 = 0
        for scalar in text.unicodeScalars {
            let value = TextScalars.normalize(scalar.value)
            if TextScalars.isASCIIWordChar(value) {
                if !inWord {
                    inWord = true
                    wordHash = fnvOffset
                }
                wordHash = (wordHash ^ UInt64(value)) &* fnvPrime
                previousHan = 0
                continue
            }
            if inWord {
                body(wordCode(wordHash))
                inWord = false
            }
            if TextScalars.isHan(value) {
                body(UInt64(GramKind.unigram.rawValue) << kindShift | UInt64(value))
                if previousHan != 0 {
                    body(UInt64(GramKind.bigram.rawValue) << kindShift | UInt64(previousHan) << 21 | UInt64(value))
                }
                previousHan = value
            } else {
                previousHan = 0
            }
        }
        if inWord { body(wordCode(wordHash)) }
    }

    @inline(__always)
    private static func wordCode(_ hash: UInt64) -> UInt64 {
        UInt64(GramKind.word.rawValue) << kindShift | (hash & payloadMask)
    }
}
