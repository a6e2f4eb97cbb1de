import Foundation

/// A file of the repository's `Evaluation/` folder (the labelled question sets).
func evaluationFile(_ relativePath: String) -> String {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Evaluation").appendingPathComponent(relativePath).path
}
