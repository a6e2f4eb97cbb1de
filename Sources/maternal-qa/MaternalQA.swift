import ArgumentParser

@main
struct MaternalQA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maternal-qa",
        abstract:
            "Maternal-health questions answered as asynchronous tasks: a terminal chat, an HTTP API, a one-shot CLI.",
        subcommands: [
            ChatCommand.self, ServeCommand.self, AskCommand.self, ResumeCommand.self, BenchCommand.self,
            BenchUICommand.self, TriageEvalCommand.self, RetrievalEvalCommand.self,
        ],
        defaultSubcommand: ChatCommand.self
    )
}
