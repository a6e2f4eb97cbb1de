import ArgumentParser
import Engine
import Foundation
import Logging
import Server
import ServiceLifecycle

/// `maternal-qa serve`: the HTTP API. SIGTERM/SIGINT stop it gracefully: the listener closes,
/// running tasks get `shutdown_grace` seconds, and unfinished tasks stay in the database for
/// the next start.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the HTTP API.")

    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default 8080; 0 picks a free one).") var port: String?
    @Option(help: "Seconds running tasks get to finish on SIGTERM/SIGINT (default 10).") var shutdownGrace: String?
    @Option(help: "Seconds a connection may stay open with no request under way (default 60).") var httpIdleTimeout:
        String?
    @Option(help: "Seconds from a request's first byte until its headers are complete, then 408 (default 15).")
    var httpHeaderTimeout: String?
    @Option(help: "Seconds from a request's headers until its body is complete, then 408 (default 30).")
    var httpBodyTimeout: String?
    @Option(help: "Write the port actually bound to this file once listening (handy with --port 0).")
    var portFile: String?
    @Flag(help: "Allow a non-loopback --host without API keys: anyone who can reach it can use the API.")
    var allowUnauthenticatedRemote = false
    @OptionGroup var engine: EngineOptions

    /// Time beyond the grace period for closing connections and saving the interrupted tasks.
    static let shutdownSlack: Duration = .seconds(30)

    func run() async throws {
        try await runReportingFailures {
            let flags = [
                ("host", host), ("port", port), ("shutdown_grace", shutdownGrace),
                ("http_idle_timeout", httpIdleTimeout),
                ("http_header_timeout", httpHeaderTimeout), ("http_body_timeout", httpBodyTimeout),
            ]
            let settings = try engine.settings(
                extraFlags: Dictionary(
                    uniqueKeysWithValues: flags.compactMap { name, value in
                        value.map { (name, $0) }
                    }))
            if let refusal = ListenPolicy.refusal(
                host: settings.host, apiKeys: settings.apiKeys, allowUnauthenticatedRemote: allowUnauthenticatedRemote)
            {
                throw CLIFailure.badSettings(refusal)
            }
            LoggingSetup.bootstrap(level: settings.logLevel)
            let logger = Logger(label: "maternal-qa.server")
            FileDescriptorLimit.raiseToHardLimit(logger: logger)
            // Before anything is accepted: a server that cannot answer would fail every question.
            if let problem = await ModelServerCheck.problem(settings) {
                throw CLIFailure.failed(
                    "the model server check failed: \(problem.message)\(problem.detail.map { " (\($0))" } ?? "")"
                        + "; --openai-skip-probe skips the check")
            }
            let manager = try await EngineRunner.open(settings)
            let portFile = self.portFile
            let app = buildApplication(manager: manager, settings: settings, logger: logger) { address in
                // On stdout whatever the log level, for operators and scripts.
                FileHandle.standardOutput.write(Data("maternal-qa listening on http://\(address)\n".utf8))
                if let portFile { PortFile.write(address.port, to: portFile, logger: logger) }
            }
            let grace = settings.shutdownGrace
            var configuration = ServiceGroupConfiguration(
                // Shut down in reverse order: the listener first, then the engine's grace period.
                services: [TaskManagerService(manager: manager, grace: grace), app],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger)
            // A backstop: past this, the services are cancelled (unfinished tasks still go back to pending).
            configuration.maximumGracefulShutdownDuration = grace + Self.shutdownSlack
            let group = ServiceGroup(configuration: configuration)
            do {
                try await group.run()
            } catch {
                throw CLIFailure.failed("server stopped: \(error)")
            }
            logger.notice("server stopped")
        }
    }
}

/// Publishes the bound port for scripts and tests: written whole to a temporary file, then
/// renamed, so a reader never sees a partial number.
enum PortFile {
    static func write(_ port: Int, to path: String, logger: Logger) {
        let temporary = path + ".tmp"
        do {
            try Data("\(port)\n".utf8).write(to: URL(fileURLWithPath: temporary))
            // rename(2) replaces any old file atomically.
            guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            logger.error("cannot write the port file", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }
}
