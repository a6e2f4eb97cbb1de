import Engine
import Foundation

/// Who the operator is asking for: every question is sent with these two values.
public struct Identity: Sendable, Equatable {
    public var maternalID: Int64
    public var userType: UserType

    public init(maternalID: Int64, userType: UserType) {
        self.maternalID = maternalID
        self.userType = userType
    }

    /// Parses a typed maternal id, or explains (in the API's words) why it is refused.
    public static func parseMaternalID(_ text: String) -> Result<Int64, IdentityError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .failure(IdentityError("请输入孕妇ID（maternal_id，正整数）")) }
        guard trimmed.allSatisfy(\.isASCIIDigit) else { return .failure(IdentityError("maternal_id 必须是正整数（只能输入数字）")) }
        guard let value = Int64(trimmed) else { return .failure(IdentityError("maternal_id 太大了")) }
        guard value > 0 else { return .failure(IdentityError("maternal_id 必须是正整数")) }
        return .success(value)
    }
}

/// A refused identity value, with the message shown under the field.
public struct IdentityError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
