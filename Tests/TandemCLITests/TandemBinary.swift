import Foundation

/// Runs the real `tandem` executable built by SwiftPM, the way a user or CI would.
enum TandemBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root (this file is Tests/TandemCLITests/TandemBinary.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$TANDEM_BINARY`, else `tandem` beside the test bundle, else `.build/debug/tandem`.
    static func locate() throws -> URL {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["TANDEM_BINARY"] { candidates.append(URL(fileURLWithPath: path)) }
        for bundle in [Bundle.main] + Bundle.allBundles {
            var directory = bundle.bundleURL.deletingLastPathComponent()
            if bundle.bundleURL.pathExtension != "xctest" { directory = bundle.bundleURL }
            candidates.append(directory.appendingPathComponent("tandem"))
        }
        let arguments0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(arguments0.deletingLastPathComponent().appendingPathComponent("tandem"))
        candidates.append(arguments0.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("tandem"))
        candidates.append(packageRoot.appendingPathComponent(".build/debug/tandem"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw NSError(domain: "TandemBinary", code: 1, userInfo: [NSLocalizedDescriptionKey:
            "no tandem executable found (tried \(candidates.map(\.path))); run `swift build` first or set TANDEM_BINARY"])
    }

    /// Runs `tandem arguments…` in the package root and collects its output.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = try locate()
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = packageRoot
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8)
        )
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let inPipe = Pipe(), outPipe = Pipe()
        process.standardInput = inPipe
        process.standardOutput = outPipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        inPipe.fileHandleForWriting.write(Data(input.utf8))
        try inPipe.fileHandleForWriting.close()
        let output = String(decoding: outPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
