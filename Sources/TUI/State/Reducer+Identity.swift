import Engine

/// Keys of the identity dialog: a digits-only maternal id field and the user-type list.
extension Reducer {
    func handleIdentity(_ key: Key, form: inout IdentityForm, in state: inout AppState) -> [Effect] {
        switch key {
        case .control("c"):
            return [.quit]
        case .escape:
            if state.identity == nil {
                form.error = "必须先设置孕妇ID和身份才能提问（Ctrl-C 退出）"
            } else {
                state.modal = nil
            }
        case .tab, .backTab:
            form.field = form.field == .maternalID ? .userType : .maternalID
        case .enter:
            return confirm(&form, in: &state)
        default:
            switch form.field {
            case .maternalID: editMaternalID(key, form: &form)
            case .userType: chooseUserType(key, form: &form)
            }
        }
        return []
    }

    func pasteMaternalID(_ text: String, into form: inout IdentityForm) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard form.field == .maternalID else { return }
        if trimmed.allSatisfy(\.isASCIIDigit) {
            form.maternalID.insert(trimmed)
            form.error = nil
        } else {
            form.error = "maternal_id 必须是正整数（只能输入数字）"
        }
    }

    private func editMaternalID(_ key: Key, form: inout IdentityForm) {
        form.error = nil
        switch key {
        case .character(let character) where character.isASCIIDigit:
            if !form.maternalID.insert(String(character)) { form.error = "maternal_id 太长了" }
        case .character:
            form.error = "maternal_id 必须是正整数（只能输入数字）"
        case .backspace: form.maternalID.deleteBackward()
        case .delete: form.maternalID.deleteForward()
        case .left: form.maternalID.moveLeft()
        case .right: form.maternalID.moveRight()
        case .home: form.maternalID.moveHome()
        case .end: form.maternalID.moveEnd()
        case .down, .up: form.field = .userType
        default: break
        }
    }

    private func chooseUserType(_ key: Key, form: inout IdentityForm) {
        let count = UserType.allCases.count
        switch key {
        case .up: form.userTypeIndex = (form.userTypeIndex + count - 1) % count
        case .down: form.userTypeIndex = (form.userTypeIndex + 1) % count
        case .character(let character):
            if let number = character.wholeNumberValue, (1...count).contains(number) { form.userTypeIndex = number - 1 }
        default: break
        }
    }

    private func confirm(_ form: inout IdentityForm, in state: inout AppState) -> [Effect] {
        switch Identity.parseMaternalID(form.maternalID.text) {
        case .failure(let error):
            form.error = error.message
            form.field = .maternalID
            return []
        case .success(let maternalID):
            let chosen = Identity(maternalID: maternalID, userType: form.userType)
            let previous = state.identity
            state.modal = nil
            guard chosen != previous else { return [] }
            state.identity = chosen
            state.chatID = nil  // a chat belongs to one maternal id and user type
            state.flash = Flash("身份：孕妇ID \(maternalID) · \(chosen.userType.label)，开始新对话")
            return previous?.maternalID == maternalID ? [] : [.loadHistory(maternalID: maternalID)]
        }
    }
}
