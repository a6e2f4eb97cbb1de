import Foundation

/// The chat-completions URL for `openai_base_url`.
///
/// The setting is documented as the server root (`http://127.0.0.1:11434` → `…/v1/chat/completions`), but
/// hosted APIs document a base that already ends in a version (`…/compatible-mode/v1`,
/// `…/api/paas/v4`), and some people paste the full endpoint; all three are accepted.
enum OpenAIEndpoint {
    static func chatCompletionsURL(base: String) throws(SettingsError) -> String {
        guard var components = URLComponents(string: base.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = components.host, !host.isEmpty
        else {
            throw SettingsError("invalid openai_base_url \"\(base)\": expected an http:// or https:// URL with a host")
        }
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix("/chat/completions") {
            // Already the endpoint.
        } else if let last = path.split(separator: "/").last, isVersion(last) {
            path += "/chat/completions"
        } else {
            path += "/v1/chat/completions"
        }
        components.path = path
        guard let url = components.string else {
            throw SettingsError("invalid openai_base_url \"\(base)\": cannot build the chat completions URL")
        }
        return url
    }

    /// The model-list URL beside the chat-completions one (`…/v1/models`).
    static func modelsURL(base: String) throws(SettingsError) -> String {
        let chat = try chatCompletionsURL(base: base)
        guard let range = chat.range(of: "/chat/completions", options: .backwards) else { return chat }
        return chat.replacingCharacters(in: range, with: "/models")
    }

    /// `v1`, `v4`, `v1beta`: a path segment naming an API version.
    private static func isVersion(_ segment: Substring) -> Bool {
        segment.count >= 2 && segment.first == "v" && segment.dropFirst().first?.isNumber == true
    }
}
