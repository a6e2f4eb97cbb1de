/// Fixed safety wording the workflow appends to every answer, whatever the backend,
/// so no reply can be read as a diagnosis or a substitute for care.
public enum SafetyText {
    /// Appended after every answer body (and after any triage instruction).
    public static let disclaimer =
        "温馨提示：本回答仅供健康科普参考，不能代替医生的面诊、诊断和治疗建议。如有不适或疑问，请及时咨询你的产检医生或到医院就诊；出现危险信号时请立即拨打120。"
}
