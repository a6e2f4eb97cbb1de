/// Fitting text into terminal columns: cutting a line short and wrapping paragraphs.
public enum TextLayout {
    /// At most `width` columns of `text`, ending in "…" when something was cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        var used = 0
        var cut: String.Index?  // where the text stops when an ellipsis has to fit after it
        for index in text.indices {
            let columns = TerminalWidth.of(text[index])
            if cut == nil, used + columns > width - 1 { cut = index }
            used += columns
            if used > width, let cut { return String(text[..<cut]) + "…" }
        }
        return text
    }

    /// `text` on one line: line breaks and tabs become spaces (a preview of a question).
    public static func singleLine(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return text }
        return text.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " ")
    }

    /// Lines of at most `width` columns. Newlines force breaks; Latin words move whole to the next
    /// line when they fit there, while CJK text (which has no spaces) breaks between any two characters.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        // Replacing is costly and tabs and carriage returns are rare: look for them first.
        let text =
            text.utf8.contains { $0 == 0x09 || $0 == 0x0D }
            ? text.replacing("\t", with: " ").replacing("\r", with: "") : text
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            wrapParagraph(paragraph, width: width, into: &lines)
        }
        return lines
    }

    private static func wrapParagraph(_ paragraph: Substring, width: Int, into lines: inout [String]) {
        var line = ""
        var used = 0
        var startedNewLine = false
        for character in paragraph {
            let columns = TerminalWidth.of(character)
            if character == " ", used == 0, startedNewLine { continue }  // no leading space after a soft break
            if used + columns > width {
                startedNewLine = true
                if character == " " {
                    lines.append(line)
                    (line, used) = ("", 0)
                    continue
                }
                if columns == 1, let space = line.lastIndex(of: " "), !line[line.index(after: space)...].isEmpty,
                    TerminalWidth.of(line[line.index(after: space)...]) + columns <= width
                {
                    let carried = String(line[line.index(after: space)...])
                    lines.append(String(line[..<space]))
                    (line, used) = (carried, TerminalWidth.of(carried))
                } else if Self.cannotStartLine(character), width >= 4, line.count > 1 {
                    // Chinese typesetting: closing punctuation never starts a line, so the
                    // character before it moves down too.
                    let carried = line.removeLast()
                    lines.append(line)
                    (line, used) = (String(carried), TerminalWidth.of(carried))
                } else {
                    lines.append(line)
                    (line, used) = ("", 0)
                }
            }
            line.append(character)
            used += columns
        }
        lines.append(line)
    }

    private static func cannotStartLine(_ character: Character) -> Bool {
        "，。、；：？！）」』》】〉”’…,.;:!?)]}%".contains(character)
    }
}
