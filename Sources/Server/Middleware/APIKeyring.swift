import Crypto
import Foundation

/// The configured API keys, held only as SHA-256 fingerprints: a key's fingerprint is the owner
/// stored on its tasks, so the raw key is never kept in memory past start-up nor written anywhere.
struct APIKeyring: Sendable {
    private let fingerprints: Set<String>

    init(keys: [String]) {
        fingerprints = Set(keys.map(Self.fingerprint))
    }

    /// No keys configured: every route is open and every task visible.
    var isEmpty: Bool { fingerprints.isEmpty }

    /// The owner a presented key stands for, or nil when it is not one of ours. Comparing
    /// digests (not the keys) keeps the lookup's timing unrelated to the secret's bytes.
    func owner(forKey key: String) -> String? {
        let candidate = Self.fingerprint(key)
        return fingerprints.contains(candidate) ? candidate : nil
    }

    /// `sha256:` + the first 128 bits of the key's SHA-256, hex: enough to never collide among a
    /// deployment's keys, and not reversible.
    static func fingerprint(_ key: String) -> String {
        let digest = SHA256.hash(data: Data(key.utf8))
        return "sha256:" + digest.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
