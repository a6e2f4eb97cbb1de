/// A screen's worth of cells: what a frame renders into and what the driver copies to the terminal.
/// Writes never split a wide character: one that would not fit is replaced by spaces, and
/// overwriting half of one blanks the other half.
public struct Grid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell { cells[y * width + x] }

    public func row(_ y: Int) -> ArraySlice<Cell> { cells[(y * width)..<((y + 1) * width)] }

    /// Writes `text` from column `x` of row `y`, at most `limit` columns (default: to the right
    /// edge). Characters of width 0 on their own (controls, stray marks) are dropped. Returns the
    /// columns used.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, x: Int, y: Int, style: Style = .plain, limit: Int? = nil)
        -> Int
    {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, limit.map { x + $0 } ?? width)
        var column = x
        for character in text {
            let columns = TerminalWidth.of(character)
            if columns == 0 { continue }
            if column + columns > end {
                while column < end {  // pad where a wide character does not fit
                    if column >= 0 { set(Cell(character: " ", style: style), x: column, y: y) }
                    column += 1
                }
                break
            }
            if column >= 0 {
                set(Cell(character: character, width: UInt8(columns), style: style), x: column, y: y)
                if columns == 2 { set(.continuation(style), x: column + 1, y: y) }
            }
            column += columns
        }
        return column - x
    }

    /// Fills a rectangle with one character (clipped to the grid).
    public mutating func fill(
        x: Int, y: Int, width: Int, height: Int, character: Character = " ", style: Style = .plain
    ) {
        let left = max(0, x)
        let right = min(self.width, x + width)
        guard left < right else { return }
        for row in max(0, y)..<min(self.height, y + height) {
            for column in left..<right { set(Cell(character: character, style: style), x: column, y: row) }
        }
    }

    /// Changes the style of a span without touching its text (selection highlight).
    public mutating func restyle(x: Int, y: Int, width: Int, _ change: (inout Style) -> Void) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(self.width, x + width) { change(&cells[y * self.width + column].style) }
    }

    /// The text of each row with trailing spaces removed (wide characters once): golden files.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for cell in row(y) where cell.width > 0 { line.append(cell.character) }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    private mutating func set(_ cell: Cell, x: Int, y: Int) {
        guard x >= 0, x < width else { return }
        let index = y * width + x
        let old = cells[index]
        if old.width == 0, x > 0, cell.width != 0 {  // overwriting the right half of a wide character
            cells[index - 1] = Cell(character: " ", style: cells[index - 1].style)
        }
        if old.width == 2, cell.width != 2, x + 1 < width {  // overwriting the left half
            cells[index + 1] = Cell(character: " ", style: cells[index + 1].style)
        }
        cells[index] = cell
    }
}
