import ArgumentParser
import Foundation
import TandemKube
import TandemKubeModel
import TandemSim

/// `tandem-kube-bench` — client throughput against an in-process simulated cluster, over HTTP(S)
/// through one connection pool. A benchmark executable beside the product (not a `tandem`
/// command); run by `scripts/bench-kube.sh`.
@main
struct KubeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem-kube-bench",
        abstract: "Measure the Kubernetes client: GET requests per second, watch events per second, memory.",
        discussion: """
        Example:
          tandem-kube-bench --gets 1000 --events 1000 --concurrency 8 --tls
        """)

    @Option(help: "Number of GET requests.") var gets = 1000
    @Option(help: "Number of watch events.") var events = 1000
    @Option(help: "Concurrent GETs in flight.") var concurrency = 8
    @Flag(help: "Serve HTTPS and authenticate with the client certificate.") var tls = false

    func run() async throws {
        let cluster = try await SimulatedCluster.start(options: SimulatedClusterOptions(tls: tls, readyDelay: .milliseconds(10)))
        let config = try KubeConfig.parse(cluster.kubeconfigYAML, file: "sim.kubeconfig")
        let client = try KubeClient(connection: KubeClient.connection(from: config, context: nil, namespace: "bench"))
        let rssStart = Self.memory("VmRSS")
        _ = try await client.create(.configMaps, ConfigMap.make(name: "bench", namespace: "bench", data: ["k": "v"]).raw)

        // Sequential GETs.
        let clock = ContinuousClock()
        var start = clock.now
        for _ in 0..<gets { _ = try await client.get(.configMaps, name: "bench") }
        let sequential = clock.now - start

        // Concurrent GETs over the same pool.
        start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            let per = gets / max(1, concurrency)
            for _ in 0..<max(1, concurrency) {
                group.addTask { for _ in 0..<per { _ = try await client.get(.configMaps, name: "bench") } }
            }
            try await group.waitForAll()
        }
        let parallel = clock.now - start

        // Watch events: the store writes `events` objects; the client streams them.
        let version = try await client.list(.configMaps, namespace: "bench").resourceVersion
        let stream = try await client.watchOnce(.configMaps, namespace: "bench", resourceVersion: version, timeout: .seconds(120))
        start = clock.now
        let store = cluster.store
        let count = events
        let writer = Task {
            for index in 0..<count {
                _ = try await store.create(.configMaps, namespace: "bench",
                                           ConfigMap.make(name: "e\(index)", namespace: "bench", data: ["i": "\(index)"]).raw)
            }
        }
        var received = 0
        for try await _ in stream {
            received += 1
            if received == events { break }
        }
        let watching = clock.now - start
        try await writer.value
        let rssEnd = Self.memory("VmRSS"), peak = Self.memory("VmHWM")
        await client.shutdown()
        await cluster.stop()

        func rate(_ n: Int, _ d: Duration) -> String {
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            return String(format: "%.0f/s (%.1f ms total)", Double(n) / seconds, seconds * 1000)
        }
        print("transport: \(tls ? "HTTPS + client certificate" : "HTTP") to an in-process simulated cluster (same process, 127.0.0.1)")
        print("GET sequential:      \(gets) requests, \(rate(gets, sequential))")
        print("GET concurrent x\(concurrency): \(gets / max(1, concurrency) * max(1, concurrency)) requests, \(rate(gets, parallel))")
        print("watch events:        \(received) events, \(rate(received, watching)) (includes the simulator's writes)")
        print("memory (whole process, client + simulator): RSS \(rssStart) kB at start, \(rssEnd) kB at end, peak \(peak) kB")
    }

    /// A `/proc/self/status` field in kB (0 where unavailable).
    static func memory(_ field: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}
