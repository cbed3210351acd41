import Foundation
import TandemTestSupport

/// Runs the real `tandem` binary against one `tandem sim serve --port 0` started for the suite.
final class TandemBinary: @unchecked Sendable {
    static let path = TandemExecutable.path

    let directory: String
    let server: Process
    var environment: [String: String]

    /// Starts the simulator in a fresh directory and seeds `plans/loan-app.yaml`-like world at 1.0.
    /// `readyDelay`: how long its pods take to become ready; `simArguments`: more options of `sim serve`.
    init(plan: String, readyDelay: String = "100ms", simArguments: [String] = []) throws {
        directory = NSTemporaryDirectory() + "tandem-e2e-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try plan.write(toFile: directory + "/plan.yaml", atomically: true, encoding: .utf8)
        server = Process()
        server.executableURL = URL(fileURLWithPath: Self.path)
        server.arguments = ["sim", "serve", "--port", "0", "--kubeconfig-out", directory + "/sim.kubeconfig", "--ready-delay", readyDelay, "--faults"] + simArguments
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
        var env = ProcessInfo.processInfo.environment
        env["KUBECONFIG"] = directory + "/sim.kubeconfig"
        env["TANDEM_DB"] = directory + "/state.db"
        env.removeValue(forKey: "TANDEM_USER")
        environment = env
    }

    func stop() {
        if server.isRunning { server.terminate() }
        server.waitUntilExit()
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

    func kubectl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["kubectl", "--kubeconfig", directory + "/sim.kubeconfig"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
