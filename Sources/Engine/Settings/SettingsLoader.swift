import Foundation

/// Resolves settings from flags, environment (`MQA_*`), a config file and defaults, in that order
/// of precedence, and validates them all before anything starts.
public enum SettingsLoader {
    /// - Parameters:
    ///   - flags: values given on the command line, by setting name (`max_workers`).
    ///   - environment: the process environment; `MQA_CONFIG` names a config file when no `configFile` is given.
    ///   - configFile: `--config FILE`: JSON (`{"max_workers": 8}`) or `name = value` lines with `#` comments.
    public static func load(
        flags: [String: String], environment: [String: String], configFile: String? = nil
    ) throws -> AppSettings {
        let filePath = configFile ?? environment["MQA_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let fileValues = try filePath.map(readConfigFile) ?? [:]
        for name in flags.keys where SettingsCatalog.spec(named: name) == nil {
            throw SettingsError("unknown setting \(name)")
        }
        var resolved: [String: String] = [:]
        for spec in SettingsCatalog.all {
            let candidate: (value: String, origin: String)?
            if let value = flags[spec.name] {
                guard !spec.isSecret else {
                    throw SettingsError(
                        "\(spec.name) cannot be given as a flag (it would show in the process list); use \(spec.environmentName) or the config file"
                    )
                }
                candidate = (value, spec.flag)
            } else if let value = environment[spec.environmentName] {
                candidate = (value, spec.environmentName)
            } else if let value = fileValues[spec.name] {
                candidate = (value, "config file \(filePath ?? "")")
            } else {
                candidate = nil
            }
            if let candidate {
                if let problem = spec.problem(with: candidate.value) {
                    let shown = spec.isSecret ? "(hidden)" : "\"\(candidate.value)\""
                    throw SettingsError("invalid \(spec.name) \(shown) from \(candidate.origin): \(problem)")
                }
                resolved[spec.name] = candidate.value.trimmingCharacters(in: .whitespaces)
            } else if let value = spec.defaultValue {
                resolved[spec.name] = value
            }
        }
        resolved["database"] = resolved["database"] ?? SettingsCatalog.defaultDatabasePath(environment: environment)
        return try AppSettings(values: resolved)
    }

    static func readConfigFile(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SettingsError("config file \(path) cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SettingsError("config file \(path) is not UTF-8 text")
        }
        let values =
            text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{")
            ? try parseJSON(data, path: path) : try parseLines(text, path: path)
        for name in values.keys where SettingsCatalog.spec(named: name) == nil {
            throw SettingsError("config file \(path): unknown setting \(name)")
        }
        return values
    }

    private static func parseJSON(_ data: Data, path: String) throws -> [String: String] {
        do {
            return try JSONDecoder().decode([String: ConfigValue].self, from: data).mapValues(\.text)
        } catch {
            throw SettingsError(
                "config file \(path) is not a JSON object of strings, numbers, booleans or string lists")
        }
    }

    private static func parseLines(_ text: String, path: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line =
                rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if line.isEmpty { continue }
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else {
                throw SettingsError("config file \(path) line \(index + 1): expected name = value")
            }
            var value = parts[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            values[parts[0].trimmingCharacters(in: .whitespaces)] = value
        }
        return values
    }
}

/// A JSON config value, kept as the text a flag would have carried.
private struct ConfigValue: Decodable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            text = flag ? "true" : "false"
        } else if let number = try? container.decode(Int.self) {
            text = String(number)
        } else if let number = try? container.decode(Double.self) {
            text = String(number)
        } else if let list = try? container.decode([String].self) {
            text = list.joined(separator: ",")
        } else {
            text = try container.decode(String.self)
        }
    }
}
