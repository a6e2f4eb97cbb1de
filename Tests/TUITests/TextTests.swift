import Testing

@testable import TUI

@Suite struct TerminalWidthTests {
    @Test(arguments: [
        ("a", 1), ("孕", 2), ("，", 2), ("ｱ", 1), ("한", 2), ("e\u{301}", 1), ("😀", 2), ("❤️", 2),
        ("🇨🇳", 2), ("\u{200B}", 0), ("\u{1B}", 0), ("█", 1), ("─", 1),
    ])
    func characterWidths(text: String, columns: Int) {
        #expect(TerminalWidth.of(text) == columns)
    }

    @Test func stringWidthAddsClusters() {
        #expect(TerminalWidth.of("孕期 ok") == 7)
        #expect(TerminalWidth.of("cafe\u{301}") == 4)
    }
}

@Suite struct TextLayoutTests {
    @Test func truncateCountsColumnsAndMarksTheCut() {
        #expect(TextLayout.truncate("孕期可以喝咖啡吗", to: 9) == "孕期可以…")
        #expect(TextLayout.truncate("孕期", to: 4) == "孕期")
        #expect(TextLayout.truncate("abc", to: 0) == "")
    }

    @Test func wrapBreaksChineseAnywhereWithinTheWidth() {
        let lines = TextLayout.wrap("孕期不必完全戒掉咖啡但要控制总量", width: 10)
        #expect(lines == ["孕期不必完", "全戒掉咖啡", "但要控制总", "量"])
        #expect(lines.allSatisfy { TerminalWidth.of($0) <= 10 })
    }

    @Test func wrapKeepsLatinWordsWhole() {
        #expect(
            TextLayout.wrap("Is it safe to fly at thirty weeks", width: 12) == [
                "Is it safe", "to fly at", "thirty weeks",
            ])
    }

    @Test func wrapNeverStartsALineWithClosingPunctuation() {
        let lines = TextLayout.wrap("一二三四五。六七", width: 10)
        #expect(lines == ["一二三四", "五。六七"])
    }

    @Test func wrapTurnsTabsIntoSpacesAndDropsCarriageReturns() {
        #expect(TextLayout.wrap("每天\t一次\r", width: 20) == ["每天 一次"])
    }

    @Test func wrapKeepsParagraphsAndBlankLines() {
        #expect(TextLayout.wrap("第一段\n\n第二段", width: 20) == ["第一段", "", "第二段"])
    }

    @Test func wideCharacterNeverOverflowsANarrowWidth() {
        #expect(TextLayout.wrap("a孕", width: 2) == ["a", "孕"])
    }
}

@Suite struct GridTests {
    @Test func wideCharactersTakeTwoCellsAndDumpOnce() {
        var grid = Grid(width: 6, height: 1)
        #expect(grid.put("孕a期", x: 0, y: 0) == 5)
        #expect(grid[0, 0].width == 2 && grid[1, 0].width == 0)
        #expect(grid.lines == ["孕a期"])
    }

    @Test func aWideCharacterThatDoesNotFitBecomesSpace() {
        var grid = Grid(width: 3, height: 1)
        grid.put("ab孕", x: 0, y: 0)
        #expect(grid.lines == ["ab"])
        #expect(grid[2, 0].width == 1)
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var grid = Grid(width: 4, height: 1)
        grid.put("孕期", x: 0, y: 0)
        grid.put("x", x: 1, y: 0)
        #expect(grid.lines == [" x期"])
        grid.put("y", x: 2, y: 0)
        #expect(grid.lines == [" xy"])
        #expect(grid[3, 0].width == 1)
    }

    @Test func controlCharactersNeverReachTheGrid() {
        var grid = Grid(width: 10, height: 1)
        grid.put("a\u{1B}[31mb", x: 0, y: 0)
        #expect(grid.lines == ["a[31mb"])
    }
}
