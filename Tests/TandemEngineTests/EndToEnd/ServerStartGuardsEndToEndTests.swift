import Foundation
import Testing
import TandemTestSupport

/// `POST /api/releases` runs the checks `release start` runs before anything changes: the GitOps
/// preflight (422 when the plan or the manifests must change, 424 when only the work tree, remote
/// or cluster must) and the direct-mode guard against Rollouts Argo CD manages (422 unless the body
/// says `"allowArgoCDManaged": true`). Real `tandem serve`, the CLI's `--server` client and curl.
@Suite("server path guards end to end (real binary, real git, simulated cluster)", .serialized)
struct ServerStartGuardsEndToEndTests {
    /// `tandem serve` with cluster access (the simulator of `tandem`) and a token for ci-bot.
    func withServer(_ tandem: TandemBinary, _ body: (_ url: String, _ token: String) throws -> Void) throws {
        let added = try tandem.run(["serve", "add-user", "ci-bot", "--groups", "qa"])
        let token = try #require(added.output.split(separator: "\n").last.map(String.init), "\(added.output)")
        let serve = try Background(tandem, "serve", ["serve", "--port", "0", "--kubeconfig", tandem.directory + "/sim.kubeconfig"])
        defer { serve.stop() }
        try body(try serve.serverURL(), token)
    }

    @Test("a GitOps plan the preflight refuses: the server answers with every problem, exit 2 with a manifest problem and 1 with only a dirty work tree; a relative planPath is 422; nothing recorded")
    func gitopsPreflightOnTheServer() throws {
        let tandem = try TandemBinary(plan: try ExamplePlans.text("loan-app-gitops.yaml"), simArguments: ["--no-argocd"])
        defer { tandem.stop() }
        let workspace = try GitOpsWorkspace(in: tandem.directory)
        try workspace.apply(["backend", "frontend"].map { workspace.application($0) }, with: tandem)
        let frontend = GitOpsWorkspace.manifests + "/frontend/kustomization.yaml"
        let backend = GitOpsWorkspace.manifests + "/backend/kustomization.yaml"
        try withServer(tandem) { url, token in
            let start = ["release", "start", GitOpsWorkspace.plan, "--version", "2.0", "--server", url, "--token", token]
            try workspace.replace("  - BACKEND_HOST=backend-active", with: "  - API_HOST=backend-active", in: frontend)
            try workspace.commitAll("another key")
            try workspace.replace("newTag: \"1.0\"", with: "newTag: \"1.1\"", in: backend)

            let both = try tandem.run(start)
            #expect(both.status == 2, "\(both.output)")
            #expect(both.output.contains("the GitOps release cannot start: 2 problems in \(workspace.tree) (nothing was changed)"), "\(both.output)")
            #expect(both.output.contains("\(workspace.tree) has uncommitted changes in files tandem commits: \(backend);"), "\(both.output)")
            #expect(both.output.contains("\(frontend):20: configMapGenerator my-frontend-settings has no literal BACKEND_HOST=…"), "\(both.output)")
            #expect(both.output.contains("hint: fix each problem (docs/gitops.md#preflight), then submit again"), "\(both.output)")

            try workspace.replace("  - API_HOST=backend-active", with: "  - BACKEND_HOST=backend-active", in: frontend)
            try workspace.git(["commit", "--quiet", "-m", "the key back", "--", frontend])  // the backend stays dirty
            let dirty = try tandem.run(start)
            #expect(dirty.status == 1, "\(dirty.output)")
            #expect(dirty.output.contains("the GitOps release cannot start: 1 problem in \(workspace.tree)"), "\(dirty.output)")
            #expect(dirty.output.contains("\(workspace.tree) has uncommitted changes in files tandem commits: \(backend);"), "\(dirty.output)")

            // Another client that sends the plan's path relative to its own folder.
            let body = try JSONSerialization.data(withJSONObject: [
                "plan": try String(contentsOfFile: tandem.directory + "/" + GitOpsWorkspace.plan, encoding: .utf8),
                "planPath": GitOpsWorkspace.plan, "version": "2.0"])
            let reply = try ProcessRunner.tool(["curl", "-s", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(token)",
                                                "-H", "Content-Type: application/json", "--data-binary", String(decoding: body, as: UTF8.self),
                                                url + "/api/releases"])
            #expect(reply.hasSuffix("\n422"), "\(reply)")
            #expect(reply.contains(#"a GitOps plan (spec.gitops) needs \"planPath\": the absolute path of the plan file"#), "\(reply)")

            #expect(try tandem.newestRelease() == "")
            #expect(try workspace.remoteLog() == ["loan app 1.0"])
        }
    }

    @Test("a direct-mode plan whose Rollouts Argo CD manages: the server refuses it (exit 2 naming the Application and the body's override); \"allowArgoCDManaged\": true (--allow-argocd-managed) releases it")
    func argoCDGuardOnTheServer() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            _ = try tandem.kubectl(["label", "rollout", "my-backend", "-n", "legacy", "app.kubernetes.io/instance=loan-backend"])
            try withServer(tandem) { url, token in
                let start = ["release", "start", "plan.yaml", "--version", "2.0", "--server", url, "--token", token]
                let refused = try tandem.run(start)
                #expect(refused.status == 2, "\(refused.output)")
                #expect(refused.output.contains("Argo CD manages the Rollouts of this direct-mode plan"), "\(refused.output)")
                #expect(refused.output.contains("service backend: Rollout legacy/my-backend belongs to Argo CD Application \"loan-backend\" (app.kubernetes.io/instance)"),
                        "\(refused.output)")
                #expect(refused.output.contains(#"send "allowArgoCDManaged": true"#), "\(refused.output)")
                #expect(try tandem.newestRelease() == "")

                let allowed = try tandem.run(start + ["--allow-argocd-managed"])
                #expect(allowed.status == 3, "\(allowed.output)")
                #expect(try tandem.newestRelease() != "")
            }
        }
    }
}
