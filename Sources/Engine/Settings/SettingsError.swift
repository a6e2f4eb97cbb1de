/// A setting that cannot be used; the message names the setting, the value's origin and the rule.
public struct SettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
