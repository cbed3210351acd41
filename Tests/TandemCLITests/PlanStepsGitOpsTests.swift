import Foundation
import Testing

/// `tandem plan steps` on a GitOps plan: every planned edit (file, old line, new line) and commit.
struct PlanStepsGitOpsTests {
    @Test func gitopsPlanShowsEachCommitWithItsEditsAndSync() throws {
        let result = try TandemBinary.run(["plan", "steps", "plans/loan-app-gitops.yaml", "--version", "2.0"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = [
            "  commit 1: tandem: loan-app release <release-id> wave 1: backend 2.0",
            "    trailer Tandem-Release: <release-id>",
            "    manifests/backend/kustomization.yaml:14: -     newTag: \"1.0\"   # set by tandem on release",
            "    manifests/backend/kustomization.yaml:14: +     newTag: \"2.0\"   # set by tandem on release",
            "    sync Application argocd/loan-backend to the commit; wait for operationState Succeeded, then for the Rollouts",
            "  commit 2: tandem: loan-app release <release-id> wave 2: frontend 2.0",
            "    manifests/frontend/kustomization.yaml:16: +   newTag: '2.0'",
            "    manifests/frontend/kustomization.yaml:21: +   - BACKEND_HOST=backend-<hash>   # tandem pins this to the backend revision of the release",
            "    manifests/backend/tandem-pinned/backend-<hash>.yaml: new file, the Service pinned to backend's new revision (listed in its resources)",
            "    sync Application argocd/loan-backend, argocd/loan-frontend to the commit; wait for operationState Succeeded, then for the Rollouts",
        ]
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for line in expected { #expect(lines.contains(line), "missing: \(line)\n\(result.stdout)") }
    }

    @Test func gitopsPlanOutsideAGitWorkTreeIsAnEnvironmentError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-nogit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = try String(contentsOf: TandemBinary.packageRoot.appendingPathComponent("plans/loan-app-gitops.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "repo: ../examples/gitops", with: "repo: .")
        try plan.write(to: directory.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let result = try TandemBinary.run(["plan", "steps", directory.appendingPathComponent("plan.yaml").path, "--version", "2.0"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: ") && result.stderr.contains("git"), "\(result.stderr)")
    }

    @Test func missingImageEntryIsShownOnTheCommitThatNeedsIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-gitops-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: TandemBinary.packageRoot.appendingPathComponent("examples/gitops"), to: directory)
        try "resources:\n- rollout.yaml\n".write(to: directory.appendingPathComponent("manifests/backend/kustomization.yaml"),
                                                 atomically: true, encoding: .utf8)
        let plan = try String(contentsOf: TandemBinary.packageRoot.appendingPathComponent("plans/loan-app-gitops.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "repo: ../examples/gitops", with: "repo: .")
        try plan.write(to: directory.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        #expect(try TandemBinary.pipe("", to: "/usr/bin/env", ["git", "-C", directory.path, "init", "-q"]).status == 0)
        let result = try TandemBinary.run(["plan", "steps", directory.appendingPathComponent("plan.yaml").path, "--version", "2.0"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("  commit 1: error: manifests/backend/kustomization.yaml: no `images:` entry with name docker.io/kostiscodefresh/interest"),
                "\(result.stdout)")
    }
}
