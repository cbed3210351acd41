import Testing
@testable import TandemPlan

/// `spec.gitops` and the per-service `manifests` / `application` fields: defaults, values, and
/// every error with its position, all reported at once.
struct GitOpsPlanTests {
    static let services = [
        "  services:",                          // 6 + n
        "    - name: backend",
        "      image: example/backend",
        "      manifests: manifests/backend",
        "    - name: frontend",
        "      image: example/frontend",
        "      manifests: manifests/frontend",
        "      application: loan-frontend",
        "      dependsOn:",
        "        - service: backend",
        "          configMap: frontend-settings",
        "          key: BACKEND_HOST",
    ]

    @Test func gitopsSectionWithOnlyDefaultsIsReadWithTheDocumentedDefaults() throws {
        let plan = try PlanLoader.load(text: PlanText.plan(["  gitops: {}"] + Self.services), file: "t.yaml")
        let gitops = try #require(plan.gitops)
        #expect(gitops.repo == nil)
        #expect(gitops.branch == nil)
        #expect(gitops.remote == "origin")
        #expect(gitops.pushes)
        #expect(gitops.sync == .argocd)
        #expect(gitops.argocdNamespace == "argocd")
        #expect(plan.service(named: "backend")?.manifests == "manifests/backend")
        #expect(plan.service(named: "backend")?.applicationName == "backend")
        #expect(plan.service(named: "frontend")?.applicationName == "loan-frontend")
    }

    @Test func everyGitopsFieldIsRead() throws {
        let plan = try PlanLoader.load(text: PlanText.plan([
            "  gitops:",
            "    repo: ../deploy",
            "    branch: release/loan",
            "    remote: \"\"",
            "    sync: none",
            "    argocdNamespace: gitops",
        ] + Self.services), file: "t.yaml")
        let gitops = try #require(plan.gitops)
        #expect(gitops.repo == "../deploy")
        #expect(gitops.branch == "release/loan")
        #expect(gitops.remote == "")
        #expect(!gitops.pushes)
        #expect(gitops.sync == GitOpsSync.none)
        #expect(gitops.argocdNamespace == "gitops")
    }

    @Test func directModePlanHasNoGitops() throws {
        let plan = try PlanLoader.load(text: PlanText.plan(PlanText.twoServices), file: "t.yaml")
        #expect(plan.gitops == nil)
        #expect(plan.services.allSatisfy { $0.manifests == nil && $0.application == nil })
    }

    @Test func everyGitopsProblemIsReportedAtOnceWithItsPosition() {
        let text = PlanText.plan([
            "  coupling: lockstep",             // 6
            "  pairing: preview",               // 7
            "  gitops:",                        // 8
            "    repo: /srv/deploy",            // 9
            "    branch: \"main..x\"",           // 10
            "    remote: \"origin x\"",          // 11
            "    sync: argo",                   // 12
            "    argocdNamespace: Argo_CD",     // 13
            "    prune: true",                  // 14
            "  services:",                      // 15
            "    - name: backend",              // 16
            "      image: example/backend",     // 17
            "      manifests: ../backend",      // 18
            "      application: Loan_Backend",  // 19
            "    - name: frontend",             // 20
            "      image: example/frontend",    // 21
        ])
        #expect(PlanText.lines(text) == [
            "7:12: error: pairing: preview is not supported in GitOps mode",
            "9:11: error: gitops repo \"/srv/deploy\" is an absolute path",
            "10:13: error: gitops branch \"main..x\" is not a valid git branch name",
            "11:13: error: gitops remote \"origin x\" is not a git remote name",
            "12:11: error: invalid sync \"argo\"",
            "13:22: error: argocdNamespace \"Argo_CD\" is not a DNS-1123 label",
            "14:5: error: unknown key \"prune\" in spec.gitops",
            "18:18: error: manifests \"../backend\" of service \"backend\" leaves the gitops repo (..)",
            "19:20: error: application \"Loan_Backend\" of service \"backend\" is not a valid Kubernetes name",
            "20:7: error: missing required field \"manifests\" in service \"frontend\" (the plan is in GitOps mode)",
        ])
    }

    @Test func gitopsServiceFieldsWithoutGitopsSectionAreMisplaced() {
        let text = PlanText.plan([
            "  services:",                      // 6
            "    - name: backend",              // 7
            "      image: example/backend",     // 8
            "      manifests: manifests/backend", // 9
            "      application: loan-backend",  // 10
        ])
        let diagnostics = PlanText.diagnostics(text)
        #expect(PlanText.lines(text) == [
            "9:18: error: \"manifests\" of service \"backend\" applies only to GitOps mode (the plan has no spec.gitops)",
            "10:20: error: \"application\" of service \"backend\" applies only to GitOps mode (the plan has no spec.gitops)",
        ])
        #expect(diagnostics.allSatisfy { $0.kind == .misplacedOption && $0.hint?.contains("docs/gitops.md") == true })
    }

    @Test func twoServicesSharingOneManifestsDirectoryAreRefused() {
        var services = Self.services
        services[services.firstIndex(of: "      manifests: manifests/frontend")!] = "      manifests: ./manifests/backend/"
        let lines = PlanText.lines(PlanText.plan(["  gitops: {}"] + services))
        #expect(lines == ["13:18: error: services \"backend\" and \"frontend\" share the manifests directory \"manifests/backend\""])
    }

    @Test func emptyRemoteMustBeQuotedToMeanCommitOnly() {
        let lines = PlanText.lines(PlanText.plan(["  gitops:", "    remote:"] + Self.services))
        #expect(lines == ["7:12: error: expected a string for \"remote\", found nothing (null)"])
    }

    @Test(arguments: ["main", "release/loan-app", "feature/x.y", "v1"])
    func validBranchNames(_ name: String) { #expect(NameRules.isGitBranch(name)) }

    @Test(arguments: ["", "-x", "a..b", "a b", "a:b", "a~1", "x.lock", "a/", "/a", ".hidden", "a/.b", "a@{1}", "a\\b", "a//b"])
    func invalidBranchNames(_ name: String) { #expect(!NameRules.isGitBranch(name)) }
}
