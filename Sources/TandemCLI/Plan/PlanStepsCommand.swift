import ArgumentParser
import TandemEngine
import TandemKube
import TandemPlan
import TandemKube

/// `tandem plan steps <plan> --version V [--set svc=tag]...` — a dry run of the release program.
struct PlanStepsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steps",
        abstract: "Print every step a release would run and the ConfigMap value each consumer would get (touches nothing).",
        discussion: """
        Every service is taken to be in the release. Given a cluster (--kubeconfig, --context or --sim), a lockstep \
        plan of canary Rollouts is checked as `release start` checks it and shows the group's canary steps. With revision pairing the pinned Service's name depends \
        on the dependency's new pod-template hash, known only after its deploy: the value shows the name pattern.

        A GitOps plan (spec.gitops) also shows each commit and every line it changes in the manifests as they \
        are in the work tree now; exit 1 when the work tree is missing or a kustomization does not fit the plan.

        Example:
          tandem plan steps plans/loan-app.yaml --version 2.0
        """)

    @Argument(help: "The plan file.") var plan: String
    @Option(help: "Tag for every service.") var version: String?
    @Option(name: .customLong("set"), help: "Tag for one service: svc=tag (repeatable).") var overrides: [String] = []
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let loaded = try PlanFileLoading.loadOrFail(plan)
        let versions = try VersionArguments.parse(version: version, overrides: overrides, plan: loaded).versions
        // Templates and paths are printed as text: escaped, so a CR or an escape sequence in the plan cannot reach the terminal.
        var canary: CanaryGroup?
        if cluster.sim || cluster.kubeconfig != nil || cluster.context != nil {
            do {
                canary = try await cluster.withClient { client in try await CanaryPreflightReader.group(plan: loaded, reads: LiveReads(client: client)) }
            } catch let refusal as CanaryPreflightError {
                complain("tandem plan steps: \(refusal)")
                throw ReportedFailure(.invalidInput)
            }
        }
        print(ProgramPreview.render(plan: loaded.printable, versions: versions, canary: canary))
        if let gitops = loaded.gitops { try printGitOps(loaded, gitops: gitops, versions: versions) }
    }

    /// GitOps mode: the commits and every line they change, read from the work tree now.
    private func printGitOps(_ loaded: ReleasePlan, gitops: GitOpsSpec, versions: [String: String]) throws {
        let tree: GitOpsWorkTree
        do {
            tree = try GitOpsWorkTree(planPath: plan, gitops: gitops)
        } catch {
            complain("error: \(error)")
            throw ReportedFailure(.otherError)
        }
        print("")
        // Lines come from the manifests: each is escaped so a control character cannot reach the terminal.
        let (text, failed) = GitOpsPreview.render(plan: loaded, versions: versions, read: tree.read, location: tree.base)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { print(PrintableText.escaped(String(line))) }
        // A commit that cannot be planned means the manifests do not fit the plan: an environment error.
        if failed { throw ReportedFailure(.otherError) }
    }
}
