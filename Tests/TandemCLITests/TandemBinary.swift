import Foundation
import TandemTestSupport

/// Runs the real `tandem` executable built by SwiftPM, the way a user or CI would.
enum TandemBinary {
    typealias Result = ProcessResult

    /// The package root.
    static let packageRoot = PackageRoot.url

    /// `$TANDEM_BINARY`, else `tandem` beside the test bundle, else `.build/debug/tandem`.
    static func locate() throws -> URL { try TandemExecutable.url() }

    /// Runs `tandem arguments…` in the package root and collects its output.
    /// `environment` adds to (or overrides) the test's own environment.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let merged = environment.isEmpty ? nil : ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return try ProcessRunner.tandem(arguments, environment: merged, stdin: stdin)
    }

    /// Writes `text` to a new temporary plan file and returns its path.
    static func temporaryPlan(_ text: String, name: String = "plan.yaml") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Runs a program (such as /usr/bin/dot) with `input` on its standard input.
    static func pipe(_ input: String, to executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try ProcessRunner.run(executable, arguments, stdin: input)
        return (result.status, result.stdout)
    }
}
