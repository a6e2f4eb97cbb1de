/// The four states clients of the original system loop on; exactly these strings go on the wire.
public enum TaskStatus: String, Codable, Sendable, CaseIterable {
    case pending, running, completed, failed

    public var isTerminal: Bool { self == .completed || self == .failed }
}

// The cases are the API's values.
// swift-format-ignore: AlwaysUseLowerCamelCase
/// The workflow step a task is in.
public enum TaskStage: String, Codable, Sendable, CaseIterable {
    case queued, loading_history, triage, retrieval, generation, saving, done
}

// The cases are the API's values.
// swift-format-ignore: AlwaysUseLowerCamelCase
/// Why a task ended `failed`, machine-readable.
public enum TaskErrorCode: String, Codable, Sendable, CaseIterable {
    case cancelled, timeout, interrupted, backend_error, invalid_input
}

// The cases are the API's values.
// swift-format-ignore: AlwaysUseLowerCamelCase
/// Who is asking; answers adapt to it.
public enum UserType: String, Codable, Sendable, CaseIterable {
    case pregnant_mother, postpartum_mother, family_member, doctor

    /// A short Chinese label for screens.
    public var label: String {
        switch self {
        case .pregnant_mother: "孕妈妈"
        case .postpartum_mother: "产后妈妈"
        case .family_member: "家属"
        case .doctor: "医生"
        }
    }
}
