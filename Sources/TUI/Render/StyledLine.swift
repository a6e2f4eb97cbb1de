/// A line of text in pieces of different styles, before it is placed on the grid.
struct StyledLine: Sendable, Equatable {
    struct Span: Sendable, Equatable {
        var text: String
        var style: Style
    }

    var spans: [Span]
    /// Paints the whole row first (banners span the full width).
    var background: Style?

    init(_ spans: [Span] = [], background: Style? = nil) {
        self.spans = spans
        self.background = background
    }

    init(_ text: String, _ style: Style = .plain, background: Style? = nil) {
        self.init([Span(text: text, style: style)], background: background)
    }

    static let blank = StyledLine()

    /// Columns the text takes.
    var width: Int { spans.reduce(0) { $0 + TerminalWidth.of($1.text) } }

    func draw(in grid: inout Grid, x: Int, y: Int, width: Int) {
        if let background { grid.fill(x: x, y: y, width: width, height: 1, style: background) }
        var column = x
        for span in spans where column < x + width {
            column += grid.put(span.text, x: column, y: y, style: span.style, limit: x + width - column)
        }
    }

    /// Wraps `text` to `width` columns after a label: the first line starts with the label, the
    /// following ones are indented by its width (a hanging indent).
    static func labelled(_ label: String, _ labelStyle: Style, _ text: String, _ style: Style, width: Int)
        -> [StyledLine]
    {
        let indent = TerminalWidth.of(label)
        let lines = TextLayout.wrap(text, width: max(1, width - indent))
        return lines.enumerated().map { index, line in
            StyledLine([
                Span(text: index == 0 ? label : String(repeating: " ", count: indent), style: labelStyle),
                Span(text: line, style: style),
            ])
        }
    }
}
