import Engine

/// The words the screen uses for engine values (the UI speaks Chinese, like the answers).
enum Labels {
    /// The state word of a task row: failures say why, since "cancelled" and "timed out" call
    /// for different reactions.
    static func state(_ task: TaskSnapshot) -> String {
        switch task.status {
        case .pending: return "排队"
        case .running: return "运行"
        case .completed: return "完成"
        case .failed:
            switch task.errorCode {
            case .cancelled: return "取消"
            case .timeout: return "超时"
            case .interrupted: return "中断"
            case .backend_error, .invalid_input, nil: return "失败"
            }
        }
    }

    static func stage(_ stage: TaskStage) -> String {
        switch stage {
        case .queued: "排队中"
        case .loading_history: "读取历史"
        case .triage: "分诊"
        case .retrieval: "检索"
        case .generation: "生成"
        case .saving: "保存"
        case .done: "完成"
        }
    }

    /// What the stage column of a row says: the queue position while waiting, the step while
    /// running, and once the answer is being written, how many characters it has (`128字`:
    /// Unicode scalars, the same as characters in Chinese and far cheaper to count in every row
    /// of every frame).
    static func progressNote(_ task: TaskSnapshot) -> String {
        switch task.status {
        case .pending: task.queuePosition.map { "第\($0)位" } ?? stage(.queued)
        case .running: task.answerSoFar.map { "\($0.text.unicodeScalars.count)字" } ?? stage(task.stage)
        case .completed, .failed: ""
        }
    }

    static func errorCode(_ code: TaskErrorCode?) -> String {
        switch code {
        case .cancelled: "已取消"
        case .timeout: "超时"
        case .interrupted: "进程重启时中断"
        case .backend_error: "模型服务出错"
        case .invalid_input: "输入无效"
        case nil: "未知原因"
        }
    }

    static func triage(_ level: TriageLevel) -> String {
        switch level {
        case .routine: "常规"
        case .urgent: "尽快就医"
        case .emergency: "紧急"
        }
    }

    /// Elapsed time in at most 6 columns: `12s`, `4m05s`, `1h02m`.
    static func elapsed(_ seconds: Double) -> String {
        let whole = max(0, Int(seconds.rounded(.down)))
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m" + pad2(whole % 60) + "s" }
        return "\(min(99, whole / 3600))h" + pad2(whole % 3600 / 60) + "m"
    }

    private static func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension Labels {
    /// A danger-sign code in words (the Engine's own names); an unknown code is shown as it is.
    static func dangerSign(_ code: String) -> String {
        TriageEngine.signName(code) ?? code
    }
}
