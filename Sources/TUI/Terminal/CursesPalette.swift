import CNCursesW

/// Turns a `Style` into curses attributes and a colour pair, creating pairs as they are first
/// needed. Without colour (monochrome terminal or `NO_COLOR`) only the attributes remain, and
/// reverse video stands in for coloured backgrounds.
@MainActor
struct CursesPalette {
    let usesColor: Bool
    private var pairs: [Int: Int16] = [:]

    /// Call after curses started.
    init(environment: [String: String]) {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        if !noColor, has_colors() {
            start_color()
            use_default_colors()
            usesColor = true
        } else {
            usesColor = false
        }
    }

    mutating func attributes(for style: Style) -> (attributes: attr_t, pair: Int16) {
        var reverse = style.attributes.contains(.reverse)
        var pair: Int16 = 0
        if usesColor {
            // Reverse is the monochrome stand-in for a coloured background; with colour the
            // background itself is shown.
            if style.background != .standard { reverse = false }
            pair = pairNumber(style.foreground, style.background)
        }
        let attributes = mqa_attributes(
            style.attributes.contains(.bold) ? 1 : 0, style.attributes.contains(.dim) ? 1 : 0, reverse ? 1 : 0,
            style.attributes.contains(.underline) ? 1 : 0)
        return (attributes, pair)
    }

    private mutating func pairNumber(_ foreground: Color, _ background: Color) -> Int16 {
        if foreground == .standard, background == .standard { return 0 }
        let key = Int(foreground.rawValue) * 16 + Int(background.rawValue)
        if let known = pairs[key] { return known }
        let number = Int16(pairs.count + 1)
        guard Int32(number) < mqa_color_pairs(),
            init_pair(number, Self.curses(foreground), Self.curses(background)) == OK
        else { return 0 }
        pairs[key] = number
        return number
    }

    private static func curses(_ color: Color) -> Int16 {
        switch color {
        case .standard: -1
        case .black: Int16(COLOR_BLACK)
        case .red: Int16(COLOR_RED)
        case .green: Int16(COLOR_GREEN)
        case .yellow: Int16(COLOR_YELLOW)
        case .blue: Int16(COLOR_BLUE)
        case .magenta: Int16(COLOR_MAGENTA)
        case .cyan: Int16(COLOR_CYAN)
        case .white: Int16(COLOR_WHITE)
        }
    }
}
