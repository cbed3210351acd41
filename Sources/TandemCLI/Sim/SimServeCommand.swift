import ArgumentParser
@preconcurrency import Dispatch
import Foundation
import TandemKubeModel
import TandemSim

/// `tandem sim serve` — run the simulated cluster in the foreground until SIGINT/SIGTERM.
struct SimServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the simulated Kubernetes API server with Argo Rollouts behaviour on 127.0.0.1.",
        discussion: """
        Writes a kubeconfig that kubectl and tandem both use, prints one line \
        `tandem sim: serving URL (kubeconfig: FILE)` once it accepts requests, and stops on SIGINT/SIGTERM.
        With --tls it serves HTTPS with a CA it generates and requires the kubeconfig's client certificate \
        or one of the printed bearer tokens.
        The kubeconfig is merged, not overwritten: --context NAME names this simulator's cluster and contexts \
        (NAME, NAME-token, NAME-readonly; default tandem-sim), so two simulators given the same --kubeconfig-out \
        and different --context names serve two clusters from one kubeconfig (kubectl --context NAME).

        Example:
          tandem sim serve --port 0 --state .tandem/sim.db --tls
          kubectl --kubeconfig .tandem/sim.kubeconfig get ro -A
          tandem sim serve --context staging --kubeconfig-out .tandem/clusters.kubeconfig &
          tandem sim serve --context production --kubeconfig-out .tandem/clusters.kubeconfig &
          kubectl --kubeconfig .tandem/clusters.kubeconfig --context production get ro -A
        """)

    @Option(help: "Port to listen on (0 = any free port).")
    var port: Int = 0

    @Option(help: "SQLite file holding the objects, so a restarted simulator continues where it stopped (default: in memory).")
    var state: String?

    @Option(help: "Where to write the kubeconfig.")
    var kubeconfigOut: String = ".tandem/sim.kubeconfig"

    @Flag(help: "Serve HTTPS with a generated CA; require a client certificate or bearer token.")
    var tls = false

    @Option(help: "How long simulated pods take to become ready, e.g. 1s, 500ms.")
    var readyDelay: String = "1s"

    @Flag(help: "Enable the fault-injection endpoint /tandem-sim/faults (see docs/simulator.md).")
    var faults = false

    @Option(help: "Name of this simulator's cluster and contexts in the kubeconfig (NAME, NAME-token, NAME-readonly).")
    var context: String = "tandem-sim"

    @Option(help: "Namespace whose Argo CD Applications the emulated Argo CD controller manages.")
    var argocdNamespace: String = "argocd"

    @Option(help: "How often the emulated Argo CD looks at every Application's repository again, e.g. 3s (real Argo CD: 3m).")
    var argocdRefresh: String = "3s"

    @Flag(help: "Run no emulated Argo CD application controller (Applications are still served).")
    var noArgocd = false

    func run() async throws {
        guard let delay = try? KubeDuration.parse(readyDelay) else {
            FileHandle.standardError.write(Data("tandem sim serve: --ready-delay \"\(readyDelay)\" is not a duration; use e.g. 1s or 500ms\n".utf8))
            throw ReportedFailure(.invalidInput)
        }
        guard Self.isValidContextName(context) else {
            FileHandle.standardError.write(Data("tandem sim serve: --context \"\(context)\" is not a valid name; use lower-case letters, digits, '-' and '.', e.g. staging\n".utf8))
            throw ReportedFailure(.invalidInput)
        }
        guard let refresh = try? KubeDuration.parse(argocdRefresh), refresh > .zero else {
            FileHandle.standardError.write(Data("tandem sim serve: --argocd-refresh \"\(argocdRefresh)\" is not a positive duration; use e.g. 3s or 500ms\n".utf8))
            throw ReportedFailure(.invalidInput)
        }
        let signals = SignalWaiter()
        let cluster: SimulatedCluster
        do {
            cluster = try await SimulatedCluster.start(options: SimulatedClusterOptions(
                port: port, statePath: state, tls: tls, readyDelay: delay, faultsEnabled: faults, kubeconfigOut: kubeconfigOut,
                contextName: context,
                argoCD: noArgocd ? nil : ArgoCDOptions(namespace: argocdNamespace, refreshInterval: refresh)))
        } catch {
            FileHandle.standardError.write(Data("tandem sim serve: could not start: \(error)\n".utf8))
            throw ReportedFailure(.otherError)
        }
        say("tandem sim: admin token: \(cluster.adminToken)")
        say("tandem sim: read-only token: \(cluster.readOnlyToken)")
        if !noArgocd { say("tandem sim: Argo CD applications in namespace \(argocdNamespace), refreshed every \(argocdRefresh)") }
        if faults { say("tandem sim: fault injection enabled at \(cluster.baseURL.absoluteString)/tandem-sim/faults") }
        say("tandem sim: serving \(cluster.baseURL.absoluteString) (kubeconfig: \(kubeconfigOut)\(context == "tandem-sim" ? "" : ", context: \(context)"))")
        let signal = await signals.wait()
        say("tandem sim: received \(signal), stopping")
        await cluster.stop()
    }

    /// A DNS-1123 subdomain, so the names also work as kubeconfig keys and in file names.
    static func isValidContextName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 200, let first = name.first, let last = name.last,
              first.isLetter || first.isNumber, last.isLetter || last.isNumber else { return false }
        return name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
    }

    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// Turns SIGINT/SIGTERM into an awaitable value.
final class SignalWaiter {
    private let stream: AsyncStream<String>
    private let sources: [any DispatchSourceSignal]

    init() {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        self.stream = stream
        var sources: [any DispatchSourceSignal] = []
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(name) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func wait() async -> String {
        for await name in stream { return name }
        return "end"
    }
}
