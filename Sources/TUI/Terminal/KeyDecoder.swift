import CNCursesW

/// Turns what `wget_wch` returns into `Key`s, and gathers bracketed pastes (`ESC [200~` …
/// `ESC [201~`, registered with curses as two extra key codes) into one event.
struct KeyDecoder {
    static let pasteStartCode: Int32 = 0x1000
    static let pasteEndCode: Int32 = 0x1001

    private var paste: String?

    /// One result of `wget_wch`: `isKeyCode` when it returned `KEY_CODE_YES`.
    mutating func decode(_ value: UInt32, isKeyCode: Bool) -> TerminalEvent? {
        if isKeyCode {
            switch Int32(value) {
            case Self.pasteStartCode:
                paste = ""
                return nil
            case Self.pasteEndCode:
                defer { paste = nil }
                return paste.map(TerminalEvent.paste)
            default:
                return Self.keyCode(Int32(value)).map(TerminalEvent.key)
            }
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        if paste != nil {
            paste?.unicodeScalars.append(scalar)
            return nil
        }
        return Self.character(scalar).map(TerminalEvent.key)
    }

    private static func character(_ scalar: Unicode.Scalar) -> Key? {
        switch scalar.value {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27: return .escape
        case 1...26: return .control(Character(Unicode.Scalar(scalar.value + 96) ?? "?"))
        case 0, 28...31: return nil
        default: return .character(Character(scalar))
        }
    }

    private static func keyCode(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        default:
            let function = code - mqa_key_f(0)
            return (1...12).contains(function) ? .function(Int(function)) : nil
        }
    }
}
