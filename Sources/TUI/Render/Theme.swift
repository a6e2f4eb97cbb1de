import Engine

/// The styles of the screen in one place.
enum Theme {
    static let titleBar = Style(foreground: .white, background: .blue, attributes: [.bold, .reverse])
    static let paneTitle = Style(attributes: [.dim])
    static let focusedPaneTitle = Style(foreground: .cyan, attributes: [.bold, .reverse])
    static let label = Style(attributes: [.dim])
    static let value = Style(attributes: [.bold])
    static let missing = Style(foreground: .red, attributes: [.bold])
    static let hintKey = Style(attributes: [.reverse])
    static let hint = Style()
    static let placeholder = Style(attributes: [.dim])
    static let info = Style(foreground: .cyan, attributes: [.bold])
    static let error = Style(foreground: .red, attributes: [.bold])
    static let questionLabel = Style(foreground: .blue, attributes: [.bold])
    static let answerLabel = Style(foreground: .green, attributes: [.bold])
    /// After the text of an answer still being written.
    static let writingMark = Style(foreground: .green, attributes: [.bold])
    static let heading = Style(attributes: [.bold, .underline])
    static let emergencyBanner = Style(foreground: .white, background: .red, attributes: [.bold, .reverse])
    static let urgentBanner = Style(foreground: .black, background: .yellow, attributes: [.bold, .reverse])
    /// The seek-care instruction's text, in its banner's colour.
    static let emergencyText = Style(foreground: .red, attributes: [.bold])
    static let urgentText = Style(foreground: .yellow, attributes: [.bold])
    static let dialog = Style()
    static let dialogBorder = Style(foreground: .cyan, attributes: [.bold])
    static let selectedOption = Style(attributes: [.reverse, .bold])

    /// Colour of a task by state (the state word is always spelled out too).
    static func state(_ task: TaskSnapshot) -> Style {
        switch task.status {
        case .pending: Style(foreground: .yellow)
        case .running: Style(foreground: .cyan, attributes: [.bold])
        case .completed: Style(foreground: .green)
        case .failed:
            task.errorCode == .cancelled ? Style(foreground: .magenta) : Style(foreground: .red, attributes: [.bold])
        }
    }

    static func triageMark(_ level: TriageLevel?) -> (text: String, style: Style) {
        switch level {
        case .emergency: ("!!", Style(foreground: .white, background: .red, attributes: [.bold, .reverse]))
        case .urgent: ("! ", Style(foreground: .yellow, attributes: [.bold]))
        case .routine, nil: ("  ", .plain)
        }
    }
}
