/// One terminal column. A wide character sits in its first cell; the cell to its right is a
/// continuation (`width == 0`) that the driver skips.
public struct Cell: Sendable, Equatable {
    public var character: Character
    /// 1 or 2 for a character's first cell, 0 for the right half of a wide character.
    public var width: UInt8
    public var style: Style

    public init(character: Character, width: UInt8 = 1, style: Style = .plain) {
        self.character = character
        self.width = width
        self.style = style
    }

    public static let blank = Cell(character: " ")

    static func continuation(_ style: Style) -> Cell { Cell(character: " ", width: 0, style: style) }
}
