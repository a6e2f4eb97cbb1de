/// Rewrites Chinese numerals as ASCII digits so one number reader serves every notation:
/// 一百六十/一百一 → 160/110, 三十八度五 → 38度5, 三十八点五 → 38点5 (the reader takes 点 between
/// digits as a decimal point), 七个月 → 7个月, 两片 → 2片.
///
/// Applied to the user's text and to every rule phrase alike, so a phrase such as 一股水 still
/// matches (both become 1股水). A run starts at a digit character or 十; 百/千/万 only continue a
/// run, so 万一 ("in case") keeps its 万. Runs without units are written digit by digit, except a
/// range of two neighbours (五六分钟), which reads as its lower end.
enum ChineseNumerals {
    private static let digitValues: [UInt32: Int] = [
        0x96F6: 0, 0x3007: 0, 0x4E00: 1, 0x4E8C: 2, 0x4E24: 2, 0x4E09: 3, 0x56DB: 4, 0x4E94: 5, 0x516D: 6,
        0x4E03: 7, 0x516B: 8, 0x4E5D: 9,
    ]
    private static let ten: UInt32 = 0x5341  // 十
    private static let unitValues: [UInt32: Int] = [0x5341: 10, 0x767E: 100, 0x5343: 1000, 0x4E07: 10000]

    /// Appends `text` to `output` with numeral runs rewritten.
    static func rewrite(_ text: [UInt32], into output: inout [UInt32]) {
        var index = 0
        while index < text.count {
            let scalar = text[index]
            guard digitValues[scalar] != nil || scalar == ten else {
                output.append(scalar)
                index += 1
                continue
            }
            var end = index
            while end < text.count, digitValues[text[end]] != nil || unitValues[text[end]] != nil { end += 1 }
            appendNumber(text[index..<end], into: &output)
            index = end
        }
    }

    private static func appendNumber(_ run: ArraySlice<UInt32>, into output: inout [UInt32]) {
        guard run.contains(where: { unitValues[$0] != nil }) else {
            let digits = run.map { digitValues[$0] ?? 0 }
            // 五六分钟, 三四片: a range of two neighbours reads as its lower end.
            if digits.count == 2, digits[1] == digits[0] + 1 {
                output.append(0x30 + UInt32(digits[0]))
                return
            }
            for digit in digits { output.append(0x30 + UInt32(digit)) }
            return
        }
        var total = 0
        var section = 0  // below 10,000
        var digit: Int? = nil
        var lastUnit = 0
        for scalar in run {
            if let value = digitValues[scalar] {
                digit = value == 0 ? nil : value
                if value == 0 { lastUnit = 0 }
                continue
            }
            let unit = unitValues[scalar] ?? 1
            if unit == 10000 {
                section += digit ?? 0
                total += max(section, 1) * 10000
                section = 0
            } else {
                section += (digit ?? 1) * unit
            }
            lastUnit = unit
            digit = nil
        }
        if let digit {
            // 一百一 = 110, 一千二 = 1200, 三万五 = 35000: a trailing digit right after a unit counts in the next place down.
            section += lastUnit >= 100 ? digit * (lastUnit / 10) : digit
        }
        for character in String(total + section).unicodeScalars { output.append(character.value) }
    }
}
