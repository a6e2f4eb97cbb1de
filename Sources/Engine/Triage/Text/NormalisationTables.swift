import Foundation

/// The generated and hand-written tables triage normalises text with (see
/// `scripts/text_tables/README.md` for where each comes from and how to regenerate it):
/// - `traditional_to_simplified.tsv`: OpenCC's character table (Taiwan and Hong Kong forms too);
/// - `cantonese_to_mandarin.tsv`: written Cantonese words and phrases → Mandarin;
/// - `danger_word_typos.tsv`: same-sound input-method typos of the danger words → the word.
/// Loaded once per process; a missing or malformed table is a packaging bug, reported by name.
struct NormalisationTables: Sendable {
    /// Simplified form of each scalar in the CJK blocks U+3400–U+9FFF (0 = unchanged).
    private let simplifiedHan: [UInt32]
    /// Simplified forms outside those blocks (compatibility and supplementary ideographs).
    private let simplifiedOther: [UInt32: UInt32]
    /// Cantonese phrases and typos, matched longest first, each replaced by `replacements[i]`.
    let substitutions: PhraseTrie
    let replacements: [[UInt32]]

    private static let hanStart: UInt32 = 0x3400
    private static let hanEnd: UInt32 = 0x9FFF

    static let resourceNames = ["traditional_to_simplified", "cantonese_to_mandarin", "danger_word_typos"]

    static let bundled: NormalisationTables = {
        do {
            return try NormalisationTables(
                simplified: try pairs(resource: resourceNames[0]),
                substitutions: try pairs(resource: resourceNames[1]) + pairs(resource: resourceNames[2]))
        } catch {
            preconditionFailure("triage text tables could not be loaded: \(error)")
        }
    }()

    init(simplified: [(String, String)], substitutions: [(String, String)]) throws(TableError) {
        var han = [UInt32](repeating: 0, count: Int(Self.hanEnd - Self.hanStart + 1))
        var other: [UInt32: UInt32] = [:]
        for (from, to) in simplified {
            let fromScalars = Array(from.unicodeScalars)
            let toScalars = Array(to.unicodeScalars)
            guard fromScalars.count == 1, toScalars.count == 1 else {
                throw .malformed("traditional_to_simplified: \(from) → \(to) is not one character to one")
            }
            let value = fromScalars[0].value
            if value >= Self.hanStart, value <= Self.hanEnd {
                han[Int(value - Self.hanStart)] = toScalars[0].value
            } else {
                other[value] = toScalars[0].value
            }
        }
        simplifiedHan = han
        simplifiedOther = other
        // Substitution keys are matched against text already folded and simplified, so fold them the same way.
        let folded = substitutions.map { pair in (pair.0.unicodeScalars.map { Self.fold($0.value, han, other) }, pair.1)
        }
        self.substitutions = PhraseTrie(patterns: folded.map(\.0))
        replacements = folded.map { TextScalars.normalizedScalars($0.1) }
    }

    /// Case, width and script folding of one scalar: the first step of every triage comparison.
    @inline(__always)
    func fold(_ value: UInt32) -> UInt32 { Self.fold(value, simplifiedHan, simplifiedOther) }

    @inline(__always)
    private static func fold(_ value: UInt32, _ han: [UInt32], _ other: [UInt32: UInt32]) -> UInt32 {
        let folded = TextScalars.normalize(value)
        if folded >= hanStart, folded <= hanEnd {
            let simplified = han[Int(folded - hanStart)]
            return simplified == 0 ? folded : simplified
        }
        return folded < 0x2E80 ? folded : (other[folded] ?? folded)
    }

    enum TableError: Error, CustomStringConvertible {
        case missing(String)
        case malformed(String)

        var description: String {
            switch self {
            case .missing(let name): "resource \(name).tsv is missing from the Engine bundle"
            case .malformed(let why): why
            }
        }
    }

    /// The `from<TAB>to` lines of a bundled table; `#` lines are comments.
    static func pairs(resource name: String) throws(TableError) -> [(String, String)] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "tsv"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { throw .missing(name) }
        var pairs: [(String, String)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw .malformed("\(name).tsv line \(number + 1) is not `from<TAB>to`: \(line)")
            }
            pairs.append((String(fields[0]), String(fields[1])))
        }
        return pairs
    }
}
