import Foundation
import TandemTestSupport

/// Runs the real `tandem` binary against `tandem sim serve --port 0` processes started for the test (one
/// simulated cluster, or one per kubeconfig context).
final class TandemBinary: @unchecked Sendable {
    static let path = TandemExecutable.path

    let directory: String
    /// One `tandem sim serve` per cluster (one per context when `contexts` were given).
    let servers: [Process]
    var environment: [String: String]

    /// Starts the simulator in a fresh directory and writes the plan there as plan.yaml.
    /// `readyDelay`: how long its pods take to become ready. `contexts`: start one simulator per name
    /// (`tandem sim serve --context NAME`), one after the other, all merging into the one kubeconfig: two
    /// real clusters, the first one the current context. `simArguments`: more options of `tandem sim serve`.
    init(plan: String, readyDelay: String = "100ms", contexts: [String] = [], simArguments: [String] = []) throws {
        directory = NSTemporaryDirectory() + "tandem-e2e-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try plan.write(toFile: directory + "/plan.yaml", atomically: true, encoding: .utf8)
        var servers: [Process] = []
        for context in contexts.isEmpty ? [nil] : contexts.map(Optional.some) {
            servers.append(try Self.startSimulator(in: directory, readyDelay: readyDelay, context: context, simArguments: simArguments))
        }
        self.servers = servers
        var env = ProcessInfo.processInfo.environment
        env["KUBECONFIG"] = directory + "/sim.kubeconfig"
        env["TANDEM_DB"] = directory + "/state.db"
        env.removeValue(forKey: "TANDEM_USER")
        environment = env
    }

    /// Starts `tandem sim serve` and returns once it printed its "serving" line.
    private static func startSimulator(in directory: String, readyDelay: String, context: String?, simArguments: [String]) throws -> Process {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: Self.path)
        server.arguments = ["sim", "serve", "--port", "0", "--kubeconfig-out", directory + "/sim.kubeconfig", "--ready-delay", readyDelay, "--faults"]
            + (context.map { ["--context", $0] } ?? []) + simArguments
        server.currentDirectoryURL = URL(fileURLWithPath: directory)
        let pipe = Pipe()
        server.standardOutput = pipe
        server.standardError = FileHandle.nullDevice
        try server.run()
        // Wait for the "serving" line.
        var seen = ""
        while !seen.contains("serving") {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        return server
    }

    func stop() {
        for server in servers {
            if server.isRunning { server.terminate() }
            server.waitUntilExit()
        }
    }

    struct Result: Sendable {
        var status: Int32
        var output: String
    }

    @discardableResult
    func run(_ arguments: [String], extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment.merging(extra) { _, new in new }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// The newest release id.
    func newestRelease() throws -> String {
        let list = try run(["release", "list", "--json"]).output
        let array = try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: Any]]
        return array?.first?["id"] as? String ?? ""
    }

    /// kubectl against the current context, or `context`.
    func kubectl(_ arguments: [String], context: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["kubectl", "--kubeconfig", directory + "/sim.kubeconfig"] + (context.map { ["--context", $0] } ?? []) + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
