/// A key press, decoded from the terminal (or made up by a test).
public enum Key: Sendable, Equatable {
    /// A printable character (including wide ones).
    case character(Character)
    /// Ctrl plus a letter, lowercased: `.control("c")` is Ctrl-C.
    case control(Character)
    case enter, tab, backTab, escape, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
}
