import Foundation
import Testing

/// scripts/install.sh into a temporary prefix with the already built binary (`--binary`, so no
/// release build), then tandem used the way an installed kubectl plugin is: through PATH.
@Suite("Install (scripts/install.sh)", .serialized)
struct InstallTests {
    struct Run {
        var status: Int32
        var output: String
    }

    /// Runs `executable arguments…` in the package root with `PATH` prefixed by `path`.
    static func run(_ executable: String, _ arguments: [String], pathPrefix: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.currentDirectoryURL = TandemBinary.packageRoot
        var environment = ProcessInfo.processInfo.environment
        if let pathPrefix { environment["PATH"] = pathPrefix + ":" + (environment["PATH"] ?? "/usr/bin:/bin") }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: output)
    }

    static func installIntoTemporaryPrefix() throws -> String {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-prefix-\(UUID().uuidString)").path
        let install = try run("scripts/install.sh", ["--binary", try TandemBinary.locate().path, prefix])
        #expect(install.status == 0, "\(install.output)")
        return prefix
    }

    @Test("install puts tandem, a kubectl-tandem link and bash/zsh/fish completions under the prefix")
    func installsFiles() throws {
        let prefix = try Self.installIntoTemporaryPrefix()
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let files = FileManager.default
        #expect(files.isExecutableFile(atPath: prefix + "/bin/tandem"))
        #expect(try files.destinationOfSymbolicLink(atPath: prefix + "/bin/kubectl-tandem") == "tandem")
        let bash = try String(contentsOfFile: prefix + "/share/bash-completion/completions/tandem", encoding: .utf8)
        #expect(bash.contains("complete") && bash.contains("tandem"))
        let zsh = try String(contentsOfFile: prefix + "/share/zsh/site-functions/_tandem", encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef tandem"))
        let fish = try String(contentsOfFile: prefix + "/share/fish/vendor_completions.d/tandem.fish", encoding: .utf8)
        #expect(fish.contains("complete -c 'tandem'") && fish.contains("'release'"))
    }

    @Test("kubectl tandem plan order, found through PATH, prints the waves as tandem itself does")
    func kubectlPlugin() throws {
        let prefix = try Self.installIntoTemporaryPrefix()
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let viaKubectl = try Self.run("/usr/bin/kubectl", ["tandem", "plan", "order", "plans/loan-app.yaml"], pathPrefix: prefix + "/bin")
        #expect(viaKubectl.status == 0, "\(viaKubectl.output)")
        let direct = try TandemBinary.run(["plan", "order", "plans/loan-app.yaml"])
        #expect(viaKubectl.output == direct.stdout)
        #expect(viaKubectl.output.contains("backend") && viaKubectl.output.contains("frontend"))
    }

    @Test("the installed tandem version and --version name the commit of HEAD")
    func versionNamesHead() throws {
        let prefix = try Self.installIntoTemporaryPrefix()
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let head = try Self.run("git", ["rev-parse", "HEAD"])
        try #require(head.status == 0, "not a git checkout: \(head.output)")
        let commit = head.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let version = try Self.run("tandem", ["version"], pathPrefix: prefix + "/bin")
        #expect(version.status == 0)
        #expect(version.output == "tandem 0.1.0 (commit \(commit))\n")
        let flag = try Self.run("tandem", ["--version"], pathPrefix: prefix + "/bin")
        #expect(flag.output == version.output)
        let json = try Self.run("tandem", ["version", "--output", "json"], pathPrefix: prefix + "/bin")
        #expect(json.output == #"{"version":"0.1.0","commit":"\#(commit)"}"# + "\n")
    }
}
