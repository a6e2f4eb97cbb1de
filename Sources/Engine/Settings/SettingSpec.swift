import Foundation

/// One setting: its name (as in the original system), how it may be given, and how it is checked.
public struct SettingSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        case integer(ClosedRange<Int>)
        case decimal(ClosedRange<Double>)
        case boolean
        case choice([String])
        case text
        case url
    }

    public var name: String
    public var kind: Kind
    public var defaultValue: String?
    /// Secrets are never taken from a flag (they would show in `ps`) and never logged.
    public var isSecret: Bool
    public var help: String

    public var flag: String { "--" + name.replacingOccurrences(of: "_", with: "-") }
    public var environmentName: String { "MQA_" + name.uppercased() }

    /// Checks a raw value; returns a message naming the problem, or nil when it is fine.
    func problem(with value: String) -> String? {
        switch kind {
        case .integer(let range):
            guard let number = Int(value.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
                return "expected an integer from \(range.lowerBound) to \(range.upperBound)"
            }
        case .decimal(let range):
            guard let number = Double(value.trimmingCharacters(in: .whitespaces)), number.isFinite,
                range.contains(number)
            else {
                return "expected a number from \(range.lowerBound) to \(range.upperBound)"
            }
        case .boolean:
            guard SettingSpec.booleans[value.lowercased()] != nil else { return "expected true or false" }
        case .choice(let choices):
            guard choices.contains(value) else { return "expected one of \(choices.joined(separator: ", "))" }
        case .text:
            guard !value.isEmpty else { return "must not be empty" }
        case .url:
            guard let scheme = value.split(separator: ":").first?.lowercased(), ["http", "https"].contains(scheme),
                value.contains("://"), value.count > 8
            else { return "expected an http:// or https:// URL" }
        }
        return nil
    }

    static let booleans: [String: Bool] = [
        "true": true, "1": true, "yes": true, "on": true,
        "false": false, "0": false, "no": false, "off": false,
    ]
}
