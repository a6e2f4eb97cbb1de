/// Two rows: who is asking (maternal id, user type, chat) on a title bar, then the engine's counts.
/// The identity always shows; the product name shortens first when the terminal is narrow.
enum HeaderView {
    static func draw(_ state: AppState, in grid: inout Grid, rect: Rect) {
        drawIdentity(state, in: &grid, rect: rect)
        let stats = state.stats
        let busy = stats.running >= stats.maxWorkers ? Theme.value.with(.reverse) : Theme.value
        StyledLine([
            .init(text: " 引擎  运行 ", style: Theme.label),
            .init(text: "\(stats.running)/\(stats.maxWorkers)", style: busy),
            .init(text: "  排队 ", style: Theme.label), .init(text: "\(stats.pending)", style: Theme.value),
            .init(text: "  完成 ", style: Theme.label), .init(text: "\(stats.completed)", style: Theme.value),
            .init(text: "  失败 ", style: Theme.label), .init(text: "\(stats.failed)", style: Theme.value),
            .init(text: "  后端 ", style: Theme.label), .init(text: stats.backend, style: Theme.value),
        ]).draw(in: &grid, x: rect.x, y: rect.y + 1, width: rect.width)
    }

    private static func drawIdentity(_ state: AppState, in grid: inout Grid, rect: Rect) {
        let bar = Theme.titleBar
        var identity: [StyledLine.Span]
        if let current = state.identity {
            identity = [
                .init(text: "孕妇ID ", style: bar), .init(text: "\(current.maternalID)", style: bar.with(.underline)),
                .init(text: "  身份 ", style: bar), .init(text: current.userType.label, style: bar.with(.underline)),
            ]
        } else {
            identity = [.init(text: "孕妇ID 未设置 · 身份 未设置", style: bar)]
        }
        identity.append(.init(text: "  │ 对话 " + (state.chatID.map(shortChat) ?? "新"), style: bar))
        let listen = state.listenAddress.map { " HTTP \($0) " } ?? ""
        let needed = identity.map { TerminalWidth.of($0.text) }.reduce(0, +) + TerminalWidth.of(listen)
        let title =
            [" 孕产妇问答 maternal-qa │ ", " maternal-qa │ ", " "].first { TerminalWidth.of($0) + needed <= rect.width }
            ?? " "

        grid.fill(x: rect.x, y: rect.y, width: rect.width, height: 1, style: bar)
        StyledLine([.init(text: title, style: bar)] + identity).draw(in: &grid, x: rect.x, y: rect.y, width: rect.width)
        if !listen.isEmpty, TerminalWidth.of(title) + needed <= rect.width {
            grid.put(listen, x: rect.x + rect.width - TerminalWidth.of(listen), y: rect.y, style: bar)
        }
    }

    /// The random tail of a chat id is what tells chats apart: `…3f2a9c1e`.
    private static func shortChat(_ id: String) -> String {
        id.count > 12 ? "…" + id.suffix(8) : id
    }
}
