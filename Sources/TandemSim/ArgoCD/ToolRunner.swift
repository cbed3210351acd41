import Foundation

/// Runs an external tool (git, kustomize, tar) to completion without blocking Swift's cooperative
/// pool; output goes through temporary files so a chatty tool never fills a pipe and stalls.
enum ToolRunner {
    struct Output: Sendable {
        let status: Int32
        let stdout: Data
        let stderr: String
        var ok: Bool { status == 0 }
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    struct NotFound: Error, CustomStringConvertible {
        let tool: String
        var description: String { "\(tool) is not installed (not found on the PATH)" }
    }

    /// The absolute path of `tool` on the PATH, or nil.
    static func which(_ tool: String) -> String? {
        if tool.contains("/") { return FileManager.default.isExecutableFile(atPath: tool) ? tool : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(tool)") {
            return "\(dir)/\(tool)"
        }
        return nil
    }

    static func run(_ arguments: [String], in directory: String? = nil) async throws -> Output {
        guard let tool = arguments.first, let executable = which(tool) else { throw NotFound(tool: arguments.first ?? "") }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-sim-tool-\(UUID().uuidString)")
        let outURL = scratch.appendingPathExtension("out"), errURL = scratch.appendingPathExtension("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(arguments.dropFirst())
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try? outHandle.close()
        try? errHandle.close()
        let stdout = (try? Data(contentsOf: outURL)) ?? Data()
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        return Output(status: status, stdout: stdout, stderr: stderr.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
