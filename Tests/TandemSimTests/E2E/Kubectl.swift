import Dispatch
import Foundation
import Testing
import TandemKubeModel

/// Runs the real `kubectl` against a kubeconfig (the independent oracle of the E2E tests).
struct Kubectl {
    let kubeconfig: String
    let cacheDir: String

    static var executable: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin").split(separator: ":") {
            let path = "\(dir)/kubectl"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// With TANDEM_REQUIRE_KUBECTL=1 (CI) a missing kubectl fails the suites that need it instead of
    /// switching them off.
    static let required = ProcessInfo.processInfo.environment["TANDEM_REQUIRE_KUBECTL"] == "1"

    /// The suites' condition: run when kubectl is there, or when it is required (and then fail).
    static var runnable: Bool { executable != nil || required }
    static let skipReason: Comment = "kubectl is not on the PATH (set TANDEM_REQUIRE_KUBECTL=1 to require it)"

    struct Result {
        let status: Int32
        let out: String
        let err: String
        var json: JSON { (try? JSON.parse(out)) ?? .null }
    }

    /// Runs kubectl on a dispatch thread so that waiting never blocks Swift's cooperative pool
    /// (the in-process simulator serves requests from that pool).
    @discardableResult
    func run(_ args: [String], stdin: String? = nil) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result_(catching: { try runBlocking(args, stdin: stdin) }))
            }
        }
    }

    private typealias Result_ = Swift.Result<Result, any Error>

    private func runBlocking(_ args: [String], stdin: String?) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Kubectl.executable ?? "/usr/bin/kubectl")
        process.arguments = ["--kubeconfig", kubeconfig, "--cache-dir", cacheDir, "--request-timeout", "20s"] + args
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                      err: String(decoding: errData, as: UTF8.self))
    }

    /// Runs kubectl and records a test issue when it fails.
    @discardableResult
    func ok(_ args: [String], stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Result {
        let result = try await run(args, stdin: stdin)
        #expect(result.status == 0, "kubectl \(args.joined(separator: " ")) failed: \(result.err)", sourceLocation: sourceLocation)
        return result
    }

    /// Polls `kubectl get -o json` until the condition holds (bounded by `attempts`); returns the last object.
    @discardableResult
    func waitFor(_ args: [String], _ what: String, attempts: Int = 300,
                 sourceLocation: SourceLocation = #_sourceLocation, _ condition: (JSON) async -> Bool) async throws -> JSON {
        var last: JSON = .null
        for _ in 0..<attempts {
            last = try await run(["get"] + args + ["-o", "json"]).json
            if await condition(last) { return last }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("gave up waiting for \(what); last object: \(last)", sourceLocation: sourceLocation)
        return last
    }
}
