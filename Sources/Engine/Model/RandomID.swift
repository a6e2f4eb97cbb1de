import Foundation

/// Random (version 4) UUID strings from the system generator (`getrandom`). Foundation's `UUID()`
/// on Linux opens and reads `/dev/urandom` on every call, which showed up per task in the
/// engine benchmark; the system generator is equally unguessable and needs no file.
enum RandomID {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func uuidString() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        var bytes = (0..<16).map { index in
            UInt8(truncatingIfNeeded: (index < 8 ? high : low) >> (56 - 8 * (index % 8)))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        // Hex digits written straight into the 36 bytes of the canonical form.
        return String(unsafeUninitializedCapacity: 36) { text in
            var position = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                text[position] = hexDigits[Int(byte >> 4)]
                text[position + 1] = hexDigits[Int(byte & 0x0F)]
                position += 2
            }
            return position
        }
    }
}
