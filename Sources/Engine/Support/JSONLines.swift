import Foundation

/// A case of a labelled evaluation set: whatever it holds, it belongs to a split (dev, test).
public protocol LabelledCase: Decodable {
    var split: String? { get }
}

/// Reads a JSON Lines file (one object per line; blank lines skipped), naming the line of the
/// first one that does not decode. The evaluation sets are kept this way.
public enum JSONLines {
    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(String)
        case badLine(Int, String)
        case empty
        case noSplit(String)

        public var description: String {
            switch self {
            case .unreadable(let why): "cannot read the file: \(why)"
            case .badLine(let line, let why): "line \(line) is not a valid case: \(why)"
            case .empty: "the file has no cases"
            case .noSplit(let why): why
            }
        }
    }

    /// The cases of a labelled evaluation set, or an error naming the file and the problem; with
    /// `split`, the set must have at least one case of it.
    public static func loadCases<Case: LabelledCase>(_ type: Case.Type, path: String, split: String?) throws -> [Case] {
        let cases = try load(type, path: path)
        if let split, !cases.contains(where: { $0.split == split }) {
            throw LoadError.noSplit("no case of \(path) has split \(split)")
        }
        return cases
    }

    public static func load<Record: Decodable>(_ type: Record.Type, path: String) throws(LoadError) -> [Record] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable("\(path): \(error.localizedDescription)")
        }
        var records: [Record] = []
        let decoder = JSONDecoder()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            do {
                records.append(try decoder.decode(Record.self, from: Data(trimmed.utf8)))
            } catch {
                throw .badLine(number + 1, DecodingErrorText.describe(error))
            }
        }
        guard !records.isEmpty else { throw .empty }
        return records
    }
}
