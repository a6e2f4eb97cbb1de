import ArgumentParser

/// `maternal-qa serve`: the HTTP API (issue 3 fills this in).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the HTTP API.")

    func run() async throws {
        throw CLIFailure.failed("serve is not built yet")
    }
}
