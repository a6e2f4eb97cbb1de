/// What reading the keyboard yields.
enum TerminalEvent: Equatable {
    case key(Key)
    /// A bracketed paste, whole.
    case paste(String)
}
