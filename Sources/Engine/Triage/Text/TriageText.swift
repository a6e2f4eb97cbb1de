/// Text as triage reads it, so 頭痛到爆, 头痛到要裂开 and 頭痛 all meet the same rules:
/// 1. case, full width and traditional characters folded (`NormalisationTables.fold`);
/// 2. written Cantonese and same-sound typos of the danger words replaced, longest match first;
/// 3. Chinese numerals written as digits (`ChineseNumerals`).
/// The rule phrases go through the same steps, so both sides always compare in one form.
/// Retrieval uses steps 1 and 2 (`foldedText`) for the knowledge base and the question alike.
enum TriageText {
    static func normalize(_ text: String, tables: NormalisationTables = .bundled) -> [UInt32] {
        var output: [UInt32] = []
        let substituted = folded(text, tables: tables)
        output.reserveCapacity(substituted.count + 8)
        ChineseNumerals.rewrite(substituted, into: &output)
        return output
    }

    /// Steps 1 and 2 only, as a string: what retrieval indexes and searches (numerals stay, so its
    /// n-grams of 一下, 一点 are those of the knowledge base's own text).
    static func foldedText(_ text: String) -> String {
        String(String.UnicodeScalarView(folded(text, tables: .bundled).compactMap(Unicode.Scalar.init)))
    }

    private static func folded(_ text: String, tables: NormalisationTables) -> [UInt32] {
        var folded: [UInt32] = []
        folded.reserveCapacity(text.unicodeScalars.underestimatedCount)
        for scalar in text.unicodeScalars { folded.append(tables.fold(scalar.value)) }

        var substituted: [UInt32] = []
        substituted.reserveCapacity(folded.count + 8)
        folded.withUnsafeBufferPointer { buffer in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(tables.substitutions.maximumLength, 1)) {
                found in
                var position = 0
                while position < buffer.count {
                    let count = tables.substitutions.matches(in: buffer, at: position, into: found)
                    if count > 0 {
                        let pattern = Int(found[count - 1])  // the longest
                        substituted.append(contentsOf: tables.replacements[pattern])
                        position += tables.substitutions.patternLength(pattern)
                    } else {
                        substituted.append(buffer[position])
                        position += 1
                    }
                }
            }
        }

        return substituted
    }
}
