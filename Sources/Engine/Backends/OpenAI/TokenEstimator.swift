/// A tokenizer-free estimate of how many tokens a text costs, good enough to budget a prompt.
///
/// Model tokenizers spend about one token per Chinese, Japanese or Korean character and about
/// one per four characters of English and other alphabetic text, so the two are counted apart;
/// a whitespace word count would call a whole Chinese paragraph one token.
enum TokenEstimator {
    /// Role markers and separators a chat template adds around each message.
    static let perMessageOverhead = 4

    static func estimate(_ text: String) -> Int {
        var wide = 0
        var other = 0
        for scalar in text.unicodeScalars {
            if isWideScript(scalar.value) { wide += 1 } else { other += 1 }
        }
        return wide + (other + 3) / 4
    }

    static func estimate(_ message: ChatCompletionRequest.Message) -> Int {
        estimate(message.content) + perMessageOverhead
    }

    /// Han ideographs plus the other scripts and punctuation tokenized about one per character.
    private static func isWideScript(_ value: UInt32) -> Bool {
        TextScalars.isHan(value)
            || (0x3000...0x30FF).contains(value)  // CJK punctuation, hiragana, katakana
            || (0xAC00...0xD7AF).contains(value)  // Hangul syllables
            || (0xFF00...0xFFEF).contains(value)  // full-width forms (，！？)
    }
}
