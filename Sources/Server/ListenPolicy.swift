/// "No API keys by default, then loopback only by default": without keys anyone who can reach the
/// port can use the API, so binding beyond this machine needs keys or an explicit opt-in.
public enum ListenPolicy {
    /// Why listening on `host` is refused, or nil when it is allowed.
    public static func refusal(host: String, apiKeys: [String], allowUnauthenticatedRemote: Bool) -> String? {
        if isLoopback(host) || !apiKeys.isEmpty || allowUnauthenticatedRemote { return nil }
        return "refusing to listen on \(host) without API keys: set MQA_API_KEYS (or api_keys in the config file), "
            + "listen on 127.0.0.1, or pass --allow-unauthenticated-remote"
    }

    /// 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
