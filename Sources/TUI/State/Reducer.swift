import Engine
import Foundation

/// The only code that changes `AppState`: takes an action, updates the state, and returns the
/// work the runtime must do (submit, cancel, load history, quit). Pure, so tests drive it directly.
public struct Reducer: Sendable {
    public let environment: ReducerEnvironment

    public init(environment: ReducerEnvironment = .live) {
        self.environment = environment
    }

    public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .key(let key):
            return handle(key, in: &state)
        case .paste(let text):
            return paste(text, into: &state)
        case .resize(let width, let height):
            state.width = width
            state.height = height
            state.keepInputCursorVisible()
            state.keepSelectionVisible()
            state.clampConversationScroll()
            return []
        case .tick(let now):
            state.now = now
            if let expires = state.flash?.expires {
                if now >= expires { state.flash = nil }
            } else if let flash = state.flash, !flash.lasting {
                state.flash?.expires = now.addingTimeInterval(Flash.lifetime)
            }
            return []
        case .engine(let snapshot, let stats):
            state.stats = stats
            state.absorb(snapshot)
            return []
        case .historyLoaded(let snapshots):
            for snapshot in snapshots { state.absorb(snapshot, selectingFirst: false) }
            if state.selectedID == nil { state.selectPosition(0) }  // the newest
            return []
        case .submitted(let snapshot):
            state.tasks.merge(snapshot)
            state.select(snapshot.id)
            return []
        case .submitFailed(let input, let message):
            if state.input.isEmpty {
                state.input.insert(input)
                state.keepInputCursorVisible()
            }
            state.flash = Flash("提交失败：\(message)", kind: .error)
            return []
        case .burstSubmitted(let accepted, let failures):
            state.flash =
                failures.isEmpty
                ? Flash("已提交 \(accepted) 个示例问题（最多 \(state.stats.maxWorkers) 个同时运行）")
                : Flash("已提交 \(accepted) 个，\(failures.count) 个被拒绝：\(failures[0])", kind: .error)
            return []
        case .failed(let message):
            state.flash = Flash(message, kind: .error)
            return []
        }
    }

    // MARK: - Commands shared by several keys

    func submitInput(_ state: inout AppState) -> [Effect] {
        let text = state.input.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return [] }
        guard let identity = state.identity else {
            openIdentity(&state, reason: "请先设置孕妇ID和身份，再提问")
            return []
        }
        let chatID = state.chatID ?? environment.makeChatID(identity.maternalID, identity.userType)
        state.chatID = chatID
        state.input.clear()
        return [
            .submit(
                QARequest(input: text, maternalID: identity.maternalID, userType: identity.userType, chatID: chatID))
        ]
    }

    func submitBurst(_ state: inout AppState) -> [Effect] {
        guard let identity = state.identity else {
            openIdentity(&state, reason: "请先设置孕妇ID和身份，再提交示例问题")
            return []
        }
        // Each sample is its own chat, like separate users asking at the same time.
        let requests = SampleQuestions.take(state.burstSize).map { question in
            QARequest(
                input: question, maternalID: identity.maternalID, userType: identity.userType,
                chatID: environment.makeChatID(identity.maternalID, identity.userType))
        }
        return [.submitBurst(requests)]
    }

    func cancelSelected(_ state: inout AppState) -> [Effect] {
        guard let task = state.selectedTask else {
            state.flash = Flash("先用 ↑/↓ 选择要取消的任务", kind: .error)
            return []
        }
        guard !task.status.isTerminal else {
            state.flash = Flash("任务已经结束（\(Labels.state(task))），无法取消", kind: .error)
            return []
        }
        state.flash = Flash("正在取消：\(TextLayout.truncate(TextLayout.singleLine(task.request.input), to: 20))")
        return [.cancel(taskID: task.id)]
    }

    func startNewChat(_ state: inout AppState) {
        state.chatID = nil
        state.flash = Flash("已开始新对话：下一个问题不带之前的上下文")
    }

    func openIdentity(_ state: inout AppState, reason: String? = nil) {
        var form = IdentityForm(maternalID: state.identity?.maternalID, userType: state.identity?.userType)
        form.error = reason
        state.modal = .identity(form)
    }

    private func paste(_ text: String, into state: inout AppState) -> [Effect] {
        switch state.modal {
        case .identity(var form):
            pasteMaternalID(text, into: &form)
            state.modal = .identity(form)
        case .help:
            state.modal = nil
        case nil:
            state.focus = .input
            if !state.input.insert(text) {
                state.flash = Flash("问题最长 \(state.input.maxLength) 个字符，多余部分已截掉", kind: .error)
            }
            state.keepInputCursorVisible()
        }
        return []
    }
}
