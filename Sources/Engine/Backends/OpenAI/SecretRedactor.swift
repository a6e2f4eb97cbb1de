/// Blanks the API key out of text that leaves the backend — log lines and task errors — because a
/// server or proxy may echo the credentials it rejected. The key itself is only ever put in the
/// `Authorization` header.
struct SecretRedactor: Sendable {
    static let mask = "[redacted]"

    private let secret: String?

    init(secret: String?) {
        self.secret = secret?.isEmpty == false ? secret : nil
    }

    func callAsFunction(_ text: String) -> String {
        guard let secret, text.contains(secret) else { return text }
        return text.replacingOccurrences(of: secret, with: Self.mask)
    }
}
