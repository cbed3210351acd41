import ArgumentParser
import Foundation
import TandemStore

/// `tandem release status <id> [--json] [--watch]`
struct ReleaseStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a release: state, every step, checkpoints and decisions. --watch follows it.",
        discussion: """
        Example:
          tandem release status r-20261122-010203-ab12 --json
          tandem release status r-20261122-010203-ab12 --watch
          tandem release status r-20261122-010203-ab12 --server https://tandem.example.com --json
        """)

    @Argument(help: "The release id.") var id: String
    @Flag(help: "Print the status as JSON.") var json = false
    @Flag(help: "Follow the release: print each event until it ends or waits at a checkpoint.") var watch = false
    @Flag(help: "With --watch: show no progress of waiting steps.") var quiet = false
    @OptionGroup var state: StateOptions
    @OptionGroup var remote: RemoteOptions

    func run() async throws {
        if remote.isRemote {
            let client = try remote.client()
            if watch {
                try await RemoteFollower(client: client, releaseID: id, json: json).follow(.watch)
                return
            }
            let reply = try await client.get("/api/releases/\(id)")
            if json {
                _ = try client.decode(ReleaseStatusView.self, reply)  // errors as for text
                say(String(decoding: reply.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            } else {
                Self.printText(try client.decode(ReleaseStatusView.self, reply))
            }
            return
        }
        let store = try state.openForReading()
        let view: ReleaseStatusView
        do { view = try await store.statusView(id) } catch { throw CLIFailure(error) }
        if watch {
            // The same events and progress as the process driving the release prints.
            let printer = EventPrinter(json: json)
            let board = ProgressBoard(mode: ProgressOptions.mode(quiet: quiet, json: json))
            var last = try await printer.flush(store: store, releaseID: id, after: 0)
            while true {
                let release = try await store.release(id)
                if release.state.isTerminal || release.state == .waiting {
                    board.clearLine()
                    _ = try await printer.flush(store: store, releaseID: id, after: last)
                    SummaryOutput.state(json, release: id, state: release.state.rawValue, message: release.message)
                    return
                }
                await board.update(store: store, releaseID: id)
                try await Task.sleep(for: .milliseconds(500))
                if board.mode == .live, !(try await store.events(of: id, after: last, limit: 1)).isEmpty { board.clearLine() }
                last = try await printer.flush(store: store, releaseID: id, after: last)
            }
        }
        if json {
            say(try TandemJSON.string(view, pretty: true))
            return
        }
        Self.printText(view)
    }

    static func printText(_ view: ReleaseStatusView) {
        let r = view.release
        say("release \(r.id)  plan \(r.plan) (namespace \(r.namespace))  \(r.state.rawValue)")
        say("  started by \(r.startedBy) at \(TandemJSON.format(r.createdAt)); plan hash \(r.planHash.prefix(12))\(r.planCommit.map { ", commit \($0.prefix(12))" } ?? "")")
        if let environment = r.environment {
            say("  environment \(environment)\(r.promotedFrom.map { ", promoted from \($0)" } ?? "")"
                + "\(r.changes.map { $0.isEmpty ? "" : "; changes \($0.joined(separator: ", "))" } ?? "")")
        }
        say("  versions: " + r.versions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        if let message = r.message { say("  \(message)") }
        for step in view.steps {
            var line = String(format: "  %3d  %-10@ ", step.ordinal, step.state.rawValue as NSString)
            line += [step.kind.rawValue, step.service, step.checkpoint.map { "\"\($0)\"" }].compactMap { $0 }.joined(separator: " ")
            if let wave = step.wave { line += " (wave \(wave))" }
            if let error = step.error { line += " — \(error)" }
            if let progress = step.progress { line += " — \(progress)" }
            say(line)
        }
        for checkpoint in view.checkpoints {
            let decisions = checkpoint.approvals.map { "\($0.verdict.rawValue) by \($0.by)" }.joined(separator: ", ")
            say("  checkpoint \"\(checkpoint.name)\": \(checkpoint.state.rawValue)\(decisions.isEmpty ? "" : " (\(decisions))")")
        }
    }
}
