/// JSON numbers that are integers, as JSON Schema counts them (what the API document declares):
/// `5`, and also `5.0`, `5e0` or `0.5e1`. Read exactly from the text, because going through
/// `Double` rounds: `-9223372036854775809` became Int64.min and `9007199254740993.0` its neighbour.
enum JSONNumber {
    /// The integer a JSON number's text denotes, when it is one that fits in 64 bits; nil for
    /// anything else (a fraction, out of range, or not a JSON number).
    static func integer(_ text: some Collection<UInt8>) -> Int64? {
        let bytes = Array(text)
        var index = 0
        func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        func digits() -> ArraySlice<UInt8> {
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            return bytes[start..<index]
        }
        func skip(_ byte: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: byte) else { return false }
            index += 1
            return true
        }

        let negative = skip("-")
        let whole = digits()
        guard !whole.isEmpty, whole.first != UInt8(ascii: "0") || whole.count == 1 else { return nil }
        var significand = Array(whole)
        var exponent = 0
        if skip(".") {
            let fraction = digits()
            guard !fraction.isEmpty else { return nil }
            significand += fraction
            exponent -= fraction.count
        }
        if skip("e") || skip("E") {
            var sign = 1
            if skip("-") { sign = -1 } else { _ = skip("+") }
            let written = digits()
            guard !written.isEmpty else { return nil }
            // Clamped far beyond any exponent an Int64 could take, so it cannot overflow.
            exponent += sign * written.reduce(0) { min($0 * 10 + Int($1 - UInt8(ascii: "0")), 1_000_000) }
        }
        guard index == bytes.count else { return nil }

        // significand × 10^exponent, without its leading zeros and with its trailing ones moved into the exponent.
        var significant = significand.drop { $0 == UInt8(ascii: "0") }
        guard !significant.isEmpty else { return 0 }
        while significant.last == UInt8(ascii: "0") {
            significant.removeLast()
            exponent += 1
        }
        guard exponent >= 0, significant.count + exponent <= 19 else { return nil }
        let decimal = String(decoding: significant, as: UTF8.self) + String(repeating: "0", count: exponent)
        return Int64((negative ? "-" : "") + decimal)
    }
}
