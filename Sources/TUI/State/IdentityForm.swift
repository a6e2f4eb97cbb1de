import Engine

/// The identity dialog: a numeric maternal id field and a list of the four user types.
public struct IdentityForm: Sendable, Equatable {
    public enum Field: Sendable, Equatable { case maternalID, userType }

    public var maternalID: InputLine
    public var userTypeIndex: Int
    public var field: Field = .maternalID
    /// Why the last attempt was refused, shown under the field.
    public var error: String?

    /// Prefilled with the current identity (or the flags' values).
    public init(maternalID: Int64?, userType: UserType?) {
        self.maternalID = InputLine(maternalID.map(String.init) ?? "", maxLength: 19)
        userTypeIndex = userType.flatMap { UserType.allCases.firstIndex(of: $0) } ?? 0
        field = maternalID == nil ? .maternalID : .userType
    }

    public var userType: UserType { UserType.allCases[userTypeIndex] }
}
