/// A progress bar drawn with block characters in eighths of a cell, so small steps still show.
enum ProgressBar {
    private static let partial: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    static func text(progress: Int, width: Int) -> String {
        guard width > 0 else { return "" }
        let eighths = min(100, max(0, progress)) * width * 8 / 100
        var bar = String(repeating: "█", count: eighths / 8)
        if eighths % 8 > 0 { bar.append(partial[eighths % 8 - 1]) }
        return bar + String(repeating: "░", count: width - bar.count)  // every block is one column
    }
}
