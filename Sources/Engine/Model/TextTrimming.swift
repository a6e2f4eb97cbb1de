extension String {
    /// The string without leading and trailing whitespace and newlines. Native and cheap, unlike
    /// Foundation's `trimmingCharacters(in:)`, which bridges through NSString on Linux and showed
    /// up in the engine benchmark's profile.
    public var trimmedWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
