/// Keys when no dialog is open. Control and function keys work everywhere; single letters are
/// commands only while the tasks or conversation pane has focus (in the input they are text).
extension Reducer {
    func handle(_ key: Key, in state: inout AppState) -> [Effect] {
        switch state.modal {
        case .help:
            if key == .control("c") { return [.quit] }
            state.modal = nil
            return []
        case .identity(var form):
            let effects = handleIdentity(key, form: &form, in: &state)
            if case .identity = state.modal { state.modal = .identity(form) }
            return effects
        case nil:
            if let effects = global(key, in: &state) { return effects }
            switch state.focus {
            case .input: return inputKey(key, in: &state)
            case .tasks, .conversation: return paneKey(key, in: &state)
            }
        }
    }

    /// Keys with the same meaning in every pane; nil when the key is not one of them.
    private func global(_ key: Key, in state: inout AppState) -> [Effect]? {
        switch key {
        case .control("c"), .control("q"), .function(10): return [.quit]
        case .function(1): state.modal = .help
        case .control("e"), .function(2): openIdentity(&state)
        case .control("n"), .function(3): startNewChat(&state)
        case .control("b"), .function(4): return submitBurst(&state)
        case .control("x"), .function(8): return cancelSelected(&state)
        case .tab: state.focus = state.focus.next
        case .backTab: state.focus = state.focus.previous
        case .escape: state.flash = nil
        case .pageUp: state.scrollConversation(byPages: -1)
        case .pageDown: state.scrollConversation(byPages: 1)
        case .up where state.focus != .conversation: state.moveSelection(by: -1)
        case .down where state.focus != .conversation: state.moveSelection(by: 1)
        default: return nil
        }
        return []
    }

    private func inputKey(_ key: Key, in state: inout AppState) -> [Effect] {
        switch key {
        case .enter: return submitInput(&state)
        case .character("?") where state.input.isEmpty: state.modal = .help
        case .character(let character):
            if !state.input.insert(String(character)) {
                state.flash = Flash("问题最长 \(state.input.maxLength) 个字符", kind: .error)
            }
        case .left: state.input.moveLeft()
        case .right: state.input.moveRight()
        case .home, .control("a"): state.input.moveHome()
        case .end: state.input.moveEnd()
        case .backspace: state.input.deleteBackward()
        case .delete, .control("d"): state.input.deleteForward()
        case .control("u"): state.input.clear()
        default: break
        }
        state.keepInputCursorVisible()
        return []
    }

    private func paneKey(_ key: Key, in state: inout AppState) -> [Effect] {
        let inTasks = state.focus == .tasks
        switch key {
        case .character("q"): return [.quit]
        case .character("?"): state.modal = .help
        case .character("c"), .delete: return cancelSelected(&state)
        case .character("b"): return submitBurst(&state)
        case .character("n"): startNewChat(&state)
        case .character("i"): openIdentity(&state)
        case .character("k"): inTasks ? state.moveSelection(by: -1) : state.scrollConversation(byLines: -1)
        case .character("j"): inTasks ? state.moveSelection(by: 1) : state.scrollConversation(byLines: 1)
        case .up: state.scrollConversation(byLines: -1)
        case .down: state.scrollConversation(byLines: 1)
        case .home: inTasks ? state.selectPosition(0) : state.scrollConversation(toTop: true)
        case .end: inTasks ? state.selectPosition(state.tasks.count - 1) : state.scrollConversation(toTop: false)
        case .enter: state.focus = inTasks ? .conversation : .input
        case .character(let character):
            // Any other character starts a question: typing never silently goes nowhere.
            state.focus = .input
            return inputKey(.character(character), in: &state)
        default: break
        }
        return []
    }
}
