import ArgumentParser
import Foundation
import TandemEngine
import TandemKubeModel
import TandemPlan
import TandemStore

/// `tandem release start <plan> [--env E] --version V [--set svc=tag]... [--change CHG]... [--wait] [--timeout D]`
struct ReleaseStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a release of a plan: deploy, verify, stop at checkpoints, promote, finalize.",
        discussion: """
        The program is computed once from the plan and the versions and stored; a service whose tag equals \
        what runs now is left out. Without --wait the command exits 3 at a checkpoint and prints the approve command.

        With --server URL the plan and versions are submitted to `tandem serve`, which records and drives the \
        release (the token's user is the starter); this command follows it with the same output and exit codes, \
        and an approval in the browser (or `tandem approve --server`) continues it without another job.

        A plan with spec.environments is released to one of them (--env): its kubeconfig context, namespace, \
        checkpoints and approvers; an environment that requires another takes only versions that succeeded there \
        (`tandem release promote` carries them). --change links ServiceNow changes for the servicenow gates.

        Example:
          tandem release start plans/loan-app.yaml --version 2.0 --set backend=2.0.1 --sim
          tandem release start plans/loan-app-environments.yaml --env staging --version 2.0
          tandem release start plans/loan-app.yaml --version 2.0 --server https://tandem.example.com --token "$TANDEM_TOKEN"
        """)

    @Argument(help: "The plan file.") var plan: String
    @Option(name: .customLong("env"), help: "The plan's environment to release to (required when the plan lists spec.environments).")
    var environment: String?
    @Option(help: "Tag for every service of the plan.") var version: String?
    @Option(name: .customLong("set"), help: "Tag for one service: svc=tag (repeatable).") var overrides: [String] = []
    @OptionGroup var drive: ReleaseDriveOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var progress: ProgressOptions
    @OptionGroup var remote: RemoteOptions

    func run() async throws {
        // Read once: the text recorded (and hashed) with the release is the text the plan was parsed from.
        let (planFile, content) = try PlanFileLoading.loadFileOrFail(plan)
        let target: (plan: ReleasePlan, environment: Environment?)
        do { target = try EnvironmentSelection.resolve(planFile, environment: environment) } catch {
            throw CLIFailure("\(plan): \(error)", .invalidInput)
        }
        let (sets, versions) = try VersionArguments.parse(version: version, overrides: overrides, plan: planFile, requireSome: true)
        let limit = try drive.follow.limit()
        // GitOps mode finds the work tree from the plan file at every resume (and on the server): keep its absolute path.
        let planPath = target.plan.gitops == nil ? plan : URL(fileURLWithPath: plan).standardizedFileURL.path
        if remote.isRemote {
            var body: [String: Any] = ["plan": content, "planPath": planPath]
            if let version { body["version"] = version }
            if !sets.isEmpty { body["set"] = sets }
            if let environment { body["environment"] = environment }
            if let commit = GitCommit.of(file: plan) { body["planCommit"] = commit }
            try await RemoteStart(remote: remote, drive: drive, cluster: cluster).run(body: body, timeout: limit)
            return
        }
        let starter = StarterIdentity.resolve(by: drive.by)
        let store = try state.open()
        let request = ReleaseRequest(plan: target.plan, planContent: content, planPath: planPath, planCommit: GitCommit.of(file: plan),
                                     versions: versions, startedBy: starter.name, startedBySource: starter.source,
                                     environment: target.environment?.name, changes: drive.changes)
        try await LocalReleaseStart(request: request, environment: target.environment, cluster: cluster, progress: progress,
                                    allowArgoCDManaged: drive.allowArgoCDManaged, wait: drive.follow.wait, timeout: limit, json: drive.follow.json)
            .run(store: store)
    }
}

enum OutputFormat: String, ExpressibleByArgument, Sendable { case text, json }

/// `--timeout 30m` → a Duration (exit 2 when malformed).
func parseTimeout(_ text: String?) throws -> Duration? {
    guard let text else { return nil }
    guard let duration = try? KubeDuration.parse(text) else {
        complain("error: --timeout \"\(text)\" is not a duration; use e.g. 90s, 30m or 2h")
        throw ReportedFailure(.invalidInput)
    }
    return duration
}

/// Who starts a release: --by, TANDEM_USER, CI variables, else the login name.
enum StarterIdentity {
    static func resolve(by: String?) -> ApproverIdentity {
        let environment = ProcessInfo.processInfo.environment
        if let identity = try? ApproverIdentity.resolve(by: by, environment: environment) { return identity }
        return ApproverIdentity(name: environment["USER"] ?? "unknown", source: "env:USER")
    }
}

/// The git commit of a plan file, when it is in a git work tree.
enum GitCommit {
    static func of(file: String) -> String? {
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory.isEmpty ? "." : directory, "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
