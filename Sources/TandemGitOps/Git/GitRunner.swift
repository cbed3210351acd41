import Foundation

/// Runs the real `git` binary in one work tree. Never prompts (no terminal, no credential
/// prompt), and gives up after a timeout so an unreachable remote cannot hang a release.
struct GitRunner: Sendable {
    let directory: String
    var timeoutSeconds = 120

    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `git ARGS`; throws when it exits non-zero.
    @discardableResult
    func run(_ arguments: [String], input: String? = nil) throws -> String {
        let output = try attempt(arguments, input: input)
        guard output.status == 0 else {
            throw GitError.failed(command: "git " + arguments.joined(separator: " "), status: output.status, stderr: output.stderr)
        }
        return output.stdout
    }

    /// Runs `git ARGS` and returns whatever happened.
    func attempt(_ arguments: [String], input: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_ASKPASS"] = "/bin/false"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let out = Pipe(), err = Pipe(), inputPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inputPipe
        do { try process.run() } catch { throw GitError.gitMissing("\(error)") }
        if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inputPipe.fileHandleForWriting.close()
        // Read both pipes while the process runs, so a chatty command cannot fill one and block.
        let collected = Collected()
        let group = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isOut: isOut)
                group.leave()
            }
        }
        if group.wait(timeout: .now() + .seconds(timeoutSeconds)) == .timedOut {
            process.terminate()
            throw GitError.timedOut(command: "git " + arguments.joined(separator: " "), seconds: timeoutSeconds)
        }
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: collected.string(isOut: true), stderr: collected.string(isOut: false))
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var out = Data(), err = Data()
        func set(_ data: Data, isOut: Bool) { lock.withLock { if isOut { out = data } else { err = data } } }
        func string(isOut: Bool) -> String { lock.withLock { String(decoding: isOut ? out : err, as: UTF8.self) } }
    }
}
