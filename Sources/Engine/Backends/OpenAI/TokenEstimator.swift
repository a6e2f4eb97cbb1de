/// A tokenizer-free estimate of how many tokens a text costs, on the safe side, to budget a prompt.
///
/// Chinese, Japanese and Korean characters and alphabetic text are counted apart (a whitespace
/// word count would call a whole Chinese paragraph one token). Tokenizers people serve spend up to
/// about 1.3 tokens per Chinese character (Qwen and GPT-4-class ones less than one, Llama 3 about
/// one) and one per four or so letters of English; the estimate takes 1.5 and one per three, so a
/// prompt built to it fits. A server whose tokenizer spends more still gets a smaller retry.
enum TokenEstimator {
    /// Role markers and separators a chat template adds around each message.
    static let perMessageOverhead = 4

    static func estimate(_ text: String) -> Int {
        var wide = 0
        var other = 0
        for scalar in text.unicodeScalars {
            if isWideScript(scalar.value) { wide += 1 } else { other += 1 }
        }
        return (wide * 3 + 1) / 2 + (other + 2) / 3
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
