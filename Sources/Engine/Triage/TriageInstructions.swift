/// The project's own seek-care wording, one text per level plus the sign-specific lines from
/// `DangerRules`. Kept in one place so the server, the TUI and the tests all show the same words.
enum TriageInstructions {
    static let emergency =
        "【紧急】你描述的情况可能是危险信号。请立即拨打120，或马上去最近的医院急诊或产科，不要在家等待观察，也不要自己开车；尽量让家人陪同，带上产检或出院资料。"

    static let urgent =
        "【请尽快就医】你描述的情况需要尽快由医生评估。请在今天之内（最好在几个小时内）去医院产科就诊，或马上联系你的产检医生；如果症状加重，或出现大量出血、剧烈腹痛、抽搐、呼吸困难，请立即拨打120。"

    /// The instruction for a level, followed by the advice lines of the signs found (in rule order,
    /// so the crisis line for self-harm comes first); `nil` for routine.
    static func instruction(for level: TriageLevel, advice: [String]) -> String? {
        let base: String
        switch level {
        case .routine: return nil
        case .urgent: base = urgent
        case .emergency: base = emergency
        }
        return advice.isEmpty ? base : ([base] + advice).joined(separator: "\n")
    }
}
