import Foundation
import Testing

@testable import TUI

/// Compares a rendered grid with `Golden/<name>.txt`. Run with `UPDATE_GOLDENS=1` to (re)write
/// the files after an intended change, then review the diff.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ grid: Grid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let rendered = grid.lines.joined(separator: "\n") + "\n"
        let file = directory.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try rendered.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record(
                "missing golden \(file.path): run `UPDATE_GOLDENS=1 swift test --filter TUITests`",
                sourceLocation: sourceLocation)
            return
        }
        #expect(rendered == expected, "frame differs from \(name).txt:\n\(rendered)", sourceLocation: sourceLocation)
    }
}
