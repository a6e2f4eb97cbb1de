import ArgumentParser

/// `maternal-qa chat`: the terminal chat UI (issue 4 fills this in).
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "chat", abstract: "Open the terminal chat UI.")

    func run() async throws {
        throw CLIFailure.failed("chat is not built yet")
    }
}
