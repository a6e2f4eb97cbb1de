import Foundation

/// A stable fingerprint of a request's content, to tell "same body" for `Idempotency-Key`.
enum RequestDigest {
    static func of(_ request: QARequest) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(request)) ?? Data()
        // FNV-1a, 64-bit: enough to tell two bodies of one client apart; no secrecy needed.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16) + "-" + String(data.count)
    }
}
