import ArgumentParser
import Engine
import Foundation
import Logging
import Server
import ServiceLifecycle
import TUI

/// `maternal-qa chat` (the default): the terminal chat UI over an in-process engine, optionally
/// serving the HTTP API on the same task manager so outside requests show up live.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat", abstract: "Open the terminal chat UI (the default command).",
        discussion:
            "Logs go to chat.log beside the database while the UI owns the terminal. Press F1 in the UI for its keys.")

    @Option(help: "Preset the mother's id (a positive integer); changeable in the UI with Ctrl-E.") var maternalId:
        String?
    @Option(help: "Preset the user type: pregnant_mother, postpartum_mother, family_member or doctor.") var userType:
        String?
    @Option(help: "Also serve the HTTP API on HOST:PORT (port 0 picks a free one).") var listen: String?
    @Flag(help: "Allow a non-loopback --listen host without API keys: anyone who can reach it can use the API.")
    var allowUnauthenticatedRemote = false
    @Option(help: "Questions the burst key (Ctrl-B) submits at once.") var burstSize = 12
    @OptionGroup var engine: EngineOptions

    func run() async throws {
        try await runReportingFailures {
            var options = try presets()
            var settings = try engine.settings()
            // Before the engine opens (and recovers unfinished tasks) for nothing.
            do { try ChatApp.requireTerminal() } catch let error as TerminalError {
                throw CLIFailure.failed(error.description)
            }
            let address = try listen.map(Self.parseListen)
            if let address {
                settings.host = address.host
                settings.port = address.port
                if let refusal = ListenPolicy.refusal(
                    host: address.host, apiKeys: settings.apiKeys,
                    allowUnauthenticatedRemote: allowUnauthenticatedRemote)
                {
                    throw CLIFailure.badSettings(refusal)
                }
            }
            ChatLogFile.bootstrap(
                path: ChatLogFile.path(database: settings.database, environment: ProcessInfo.processInfo.environment),
                level: settings.logLevel)
            let logger = Logger(label: "maternal-qa.chat")
            if let problem = await ModelServerCheck.problem(settings) {
                logger.error("the model server check failed", metadata: ["error": "\(problem)"])
                options.notice = "模型服务检查失败：\(problem.message)"
            }
            let manager = try await EngineRunner.open(settings)

            var services: [any Service] = [TaskManagerService(manager: manager, grace: .seconds(1))]
            let bound = AsyncStream<ListeningAddress>.makeStream()
            if address != nil {
                FileDescriptorLimit.raiseToHardLimit(logger: logger)
                services.append(
                    buildApplication(manager: manager, settings: settings, logger: logger) {
                        bound.continuation.yield($0)
                    })
            }
            // No signal handling here: the UI owns SIGINT/SIGTERM and stops the group itself.
            let group = ServiceGroup(configuration: .init(services: services, logger: logger))
            try await withThrowingTaskGroup(of: Void.self) { running in
                running.addTask {
                    defer { bound.continuation.finish() }  // also when the group fails (e.g. port in use)
                    try await group.run()
                }
                if address != nil {
                    guard let actual = await Self.firstAddress(bound.stream) else {
                        // The group ended before listening: say why.
                        let reason: String
                        do {
                            try await running.next()
                            reason = "the server stopped"
                        } catch { reason = "\(error)" }
                        throw CLIFailure.failed("cannot listen on \(listen ?? ""): \(reason)")
                    }
                    options.listenAddress = actual.description
                }
                do {
                    try await ChatApp.run(manager: manager, options: options)
                } catch let error as TerminalError {
                    await group.triggerGracefulShutdown()
                    throw CLIFailure.failed(error.description)
                }
                await group.triggerGracefulShutdown()
                try await running.waitForAll()
            }
        }
    }

    private func presets() throws -> ChatOptions {
        var options = ChatOptions(burstSize: burstSize)
        if let maternalId {
            switch Identity.parseMaternalID(maternalId) {
            case .success(let id): options.maternalID = id
            case .failure(let error): throw CLIFailure.badInput("--maternal-id: \(error.message)（收到 \"\(maternalId)\"）")
            }
        }
        if let userType {
            guard let type = UserType(rawValue: userType) else {
                let choices = UserType.allCases.map(\.rawValue).joined(separator: ", ")
                throw CLIFailure.badInput("--user-type 必须是 \(choices) 之一（收到 \"\(userType)\"）")
            }
            options.userType = type
        }
        guard (1...200).contains(burstSize) else { throw CLIFailure.badSettings("--burst-size must be 1–200") }
        return options
    }

    /// `HOST:PORT`, with `[v6]:PORT` for IPv6 hosts.
    static func parseListen(_ text: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw CLIFailure.badSettings("--listen must be HOST:PORT, e.g. 127.0.0.1:8080 (got \"\(text)\")")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw CLIFailure.badSettings("--listen needs a host, e.g. 127.0.0.1:\(port)") }
        return (host, port)
    }

    private static func firstAddress(_ stream: AsyncStream<ListeningAddress>) async -> ListeningAddress? {
        for await address in stream { return address }
        return nil
    }
}
