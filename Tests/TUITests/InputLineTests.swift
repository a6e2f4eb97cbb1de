import Testing

@testable import TUI

@Suite struct InputLineTests {
    @Test func cursorIsMeasuredInColumns() {
        var line = InputLine("孕期ok")
        #expect(line.cursorColumn == 6)
        line.moveLeft()
        line.moveLeft()
        line.moveLeft()
        #expect(line.cursorColumn == 2)
        line.moveHome()
        #expect(line.cursorColumn == 0)
        line.moveEnd()
        #expect(line.cursor == 4)
    }

    @Test func backspaceAndDeleteRemoveWholeCharacters() {
        var line = InputLine("e\u{301}孕🇨🇳")
        line.deleteBackward()
        #expect(line.text == "e\u{301}孕")
        line.moveHome()
        line.deleteForward()
        #expect(line.text == "孕")
    }

    @Test func insertsInTheMiddle() {
        var line = InputLine("孕可以")
        line.moveHome()
        line.moveRight()
        line.insert("期")
        #expect(line.text == "孕期可以")
        #expect(line.cursorColumn == 4)
    }

    @Test func aCombiningMarkJoinsTheCharacterBeforeIt() {
        var line = InputLine("cafe")
        line.insert("\u{301}")
        #expect(line.characters.count == 4)
        #expect(line.cursorColumn == 4)
    }

    @Test func pastedLineBreaksBecomeSpacesAndControlsAreDropped() {
        var line = InputLine()
        line.insert("第一行\n第二行\t\u{7}尾")
        #expect(line.text == "第一行 第二行 尾")
    }

    @Test func theLengthLimitCutsAndSaysSo() {
        var line = InputLine(maxLength: 3)
        #expect(line.insert("孕期可以") == false)
        #expect(line.text == "孕期可")
    }

    @Test func scrollsSidewaysToKeepTheCursorVisible() {
        var line = InputLine(String(repeating: "孕", count: 20))
        line.keepCursorVisible(width: 10)
        let end = line.visible(width: 10)
        #expect(TerminalWidth.of(end.text) <= 10)
        #expect(end.cursorX == 9 || end.cursorX == 8)
        line.moveHome()
        line.keepCursorVisible(width: 10)
        #expect(line.visible(width: 10).cursorX == 0)
        #expect(line.visible(width: 10).text == String(repeating: "孕", count: 5))
    }
}
