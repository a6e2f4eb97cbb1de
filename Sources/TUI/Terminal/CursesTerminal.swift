import CNCursesW
import Foundation

/// Why the terminal could not be taken over.
public struct TerminalError: Error, CustomStringConvertible {
    public let description: String
}

/// The thin curses driver: takes over the terminal, copies frames to it (only the cells that
/// changed since the last frame), and reads keys without blocking. Every curses call of the
/// program is made here, on the main actor.
@MainActor
final class CursesTerminal {
    private(set) var width: Int
    private(set) var height: Int
    private var palette: CursesPalette
    private var decoder = KeyDecoder()
    /// What the terminal shows now; nil forces a full redraw.
    private var shown: Grid?
    private var cursorVisible: Bool?
    private var stopped = false

    /// Curses needs stdin and stdout on a terminal.
    nonisolated static func requireInteractive() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError(description: "chat needs an interactive terminal (use `ask` or `serve` otherwise)")
        }
    }

    init(environment: [String: String]) throws {
        try Self.requireInteractive()
        Self.chooseLocale()
        mqa_install_crash_restore()
        guard mqa_newterm() != nil else {
            mqa_remove_crash_restore()
            throw TerminalError(description: "cannot start curses for TERM=\(environment["TERM"] ?? "(unset)")")
        }
        set_escdelay(25)
        raw()  // Ctrl-C, Ctrl-Q and Ctrl-Z arrive as keys: the UI decides what they do
        noecho()
        nonl()
        keypad(mqa_stdscr(), true)
        nodelay(mqa_stdscr(), true)
        define_key("\u{1B}[200~", KeyDecoder.pasteStartCode)
        define_key("\u{1B}[201~", KeyDecoder.pasteEndCode)
        palette = CursesPalette(environment: environment)
        width = Int(mqa_cols())
        height = Int(mqa_lines())
        Self.writeRaw("\u{1B}[?2004h")  // bracketed paste: a pasted newline must not submit
    }

    /// Gives the terminal back (main screen, cooked mode, visible cursor). Safe to call twice.
    func stop() {
        guard !stopped else { return }
        stopped = true
        Self.writeRaw("\u{1B}[?2004l")
        curs_set(1)
        endwin()
        mqa_remove_crash_restore()
    }

    /// Re-reads the size after SIGWINCH and makes the next frame a full redraw.
    func refreshSize() {
        var rows: Int32 = 0
        var columns: Int32 = 0
        if mqa_window_size(&rows, &columns) == 0 { resizeterm(rows, columns) }
        width = Int(mqa_cols())
        height = Int(mqa_lines())
        shown = nil
        clearok(mqa_curscr(), true)
    }

    /// Every key waiting on stdin (curses reads them without blocking).
    func readEvents() -> [TerminalEvent] {
        var events: [TerminalEvent] = []
        while true {
            var value: wint_t = 0
            let result = wget_wch(mqa_stdscr(), &value)
            if result == ERR { break }
            if result == KEY_CODE_YES, Int32(value) == KEY_RESIZE { continue }  // we handle SIGWINCH ourselves
            if let event = decoder.decode(UInt32(value), isKeyCode: result == KEY_CODE_YES) { events.append(event) }
        }
        return events
    }

    func draw(_ frame: Frame) {
        let grid = frame.grid
        let previous = shown.flatMap { $0.width == grid.width && $0.height == grid.height ? $0 : nil }
        for y in 0..<min(grid.height, height) {
            guard let previous else {
                drawCells(grid, y: y, from: 0, through: grid.width - 1)
                continue
            }
            guard grid.row(y) != previous.row(y) else { continue }
            let base = y * grid.width
            var first = 0
            var last = grid.width - 1
            while grid.cells[base + first] == previous.cells[base + first] { first += 1 }
            while grid.cells[base + last] == previous.cells[base + last] { last -= 1 }
            drawCells(grid, y: y, from: first, through: last)
        }
        shown = grid
        let wantCursor = frame.cursor != nil
        if cursorVisible != wantCursor {
            curs_set(wantCursor ? 1 : 0)
            cursorVisible = wantCursor
        }
        if let cursor = frame.cursor { wmove(mqa_stdscr(), Int32(cursor.y), Int32(cursor.x)) }
        wnoutrefresh(mqa_stdscr())
        doupdate()
    }

    /// Writes the cells of one row from `start` through `end`, one curses call per run of equal style.
    private func drawCells(_ grid: Grid, y: Int, from start: Int, through end: Int) {
        var x = start
        if x > 0, grid[x, y].width == 0 { x -= 1 }  // begin at the left half of a wide character
        let limit = min(end, width - 1)
        while x <= limit {
            let style = grid[x, y].style
            let runStart = x
            var text: [wchar_t] = []
            while x <= limit || (x < grid.width && grid[x, y].width == 0) {
                let cell = grid[x, y]
                guard cell.style == style else { break }
                Self.append(cell, to: &text)
                x += 1
            }
            let (attributes, pair) = palette.attributes(for: style)
            _ = text.withUnsafeBufferPointer { buffer in
                mqa_put(Int32(y), Int32(runStart), buffer.baseAddress, Int32(buffer.count), attributes, pair)
            }
        }
    }

    /// Adds a cell's character, reconciled with the C library's idea of its width so that the
    /// terminal's cursor stays where the grid expects it.
    private static func append(_ cell: Cell, to text: inout [wchar_t]) {
        guard cell.width > 0 else { return }
        let scalars = cell.character.unicodeScalars
        let system = scalars.first.map { Int(wcwidth(wchar_t(bitPattern: $0.value))) } ?? 0
        if system == Int(cell.width) {
            text += scalars.map { wchar_t(bitPattern: $0.value) }
        } else if system == 1 {
            text += [wchar_t(bitPattern: scalars.first?.value ?? 32), 32]
        } else {
            text += Array(repeating: wchar_t(63), count: Int(cell.width))  // "?": the locale cannot show it
        }
    }

    /// Wide characters need a UTF-8 locale; when the environment names none (often `C` in
    /// containers and CI), the character type falls back to C.UTF-8, which every glibc has.
    private static func chooseLocale() {
        setlocale(LC_ALL, "")
        if mqa_locale_is_utf8() == 0 {
            for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil { break }
        }
    }

    /// Private-mode switches curses has no call for, written straight to the terminal.
    private static func writeRaw(_ sequence: String) {
        mqa_write_stdout(sequence)
    }
}
