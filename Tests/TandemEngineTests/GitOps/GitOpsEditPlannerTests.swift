import Foundation
import Testing
import TandemKubeModel
import TandemPairing
import TandemPlan
@testable import TandemEngine

/// The edits of each deploy wave in GitOps mode, checked against `kubectl kustomize` of the
/// edited tree: it must render exactly the image and the hash-suffixed ConfigMap name computed,
/// and every line tandem does not own must stay byte for byte.
struct GitOpsEditPlannerTests {
    static func plan() throws -> ReleasePlan {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return try PlanLoader.load(path: root.appendingPathComponent("plans/loan-app-gitops.yaml").path)
    }

    static func pin(hash: String, plan: ReleasePlan) -> GitOpsEditPlanner.Pin {
        let active: JSON = ["spec": ["selector": ["app": "backend"],
                                     "ports": [["name": "http", "port": 8080, "targetPort": 8080, "protocol": "TCP"]]]]
        let dependency = PairingService(name: "backend", rollout: "my-backend", namespace: "legacy",
                                        container: "my-backend-container", image: "docker.io/kostiscodefresh/interest")
        return .init(PinnedService(dependency: dependency, plan: plan.name, release: "r-1", hash: hash, activeService: active))
    }

    /// The `options:` block the consumer's wave gives the frontend's generator, `pad` columns in.
    static func options(pad: Int, release: String, revision: String, eol: String = "\n") -> String {
        let lines = ["options:", "  labels:", "    app.kubernetes.io/managed-by: tandem", "    tandem.dev/plan: loan-app",
                     "    tandem.dev/release: \(release)", "    tandem.dev/service: frontend", "  annotations:",
                     "    tandem.dev/paired-releases: \"{\\\"BACKEND_HOST\\\":\\\"\(release)\\\"}\"",
                     "    tandem.dev/paired-revisions: \"{\\\"BACKEND_HOST\\\":\\\"\(revision)\\\"}\"",
                     "    tandem.dev/release: \(release)", "    argocd.argoproj.io/sync-options: Prune=false",
                     "    argocd.argoproj.io/compare-options: IgnoreExtraneous"]
        return lines.map { String(repeating: " ", count: pad) + $0 + eol }.joined()
    }

    @Test func firstWaveSetsTheBackendTagAndOnlyAnnotatesTheConsumersGeneratorWhichKeepsItsName() throws {
        let plan = try Self.plan()
        var tree = try ManifestTree.example()
        let before = tree.files
        let beforeFrontend = try tree.kustomize("manifests/frontend")
        let planner = GitOpsEditPlanner(plan: plan, releaseID: "r-1", versions: ["backend": "2.0", "frontend": "2.0"])
        let change = try planner.change(wave: 1, services: ["backend"], pins: [:], read: tree.read)

        #expect(change.paths == ["manifests/backend/kustomization.yaml", "manifests/frontend/kustomization.yaml"])
        // The frontend's running revision reads the generated ConfigMap: Argo CD must keep it when wave 2 renames it.
        #expect(change.files[1].edits.map(\.description) == [
            "manifests/frontend/kustomization.yaml:23: +   options:",
            "manifests/frontend/kustomization.yaml:24: +     labels:",
            "manifests/frontend/kustomization.yaml:25: +       app.kubernetes.io/managed-by: tandem",
            "manifests/frontend/kustomization.yaml:26: +       tandem.dev/plan: loan-app",
            "manifests/frontend/kustomization.yaml:27: +     annotations:",
            "manifests/frontend/kustomization.yaml:28: +       argocd.argoproj.io/sync-options: Prune=false",
            "manifests/frontend/kustomization.yaml:29: +       argocd.argoproj.io/compare-options: IgnoreExtraneous",
        ])
        let edit = try #require(change.files.first?.edits.first)
        #expect(edit.line == 14)
        #expect(edit.old == "    newTag: \"1.0\"   # set by tandem on release")
        #expect(edit.new == "    newTag: \"2.0\"   # set by tandem on release")
        #expect(change.expected == [GitOpsExpectedRender(service: "backend", rollout: "my-backend",
                                                         image: "docker.io/kostiscodefresh/interest:2.0", configMaps: [:])])
        tree.apply(change)
        let oldLines = before["manifests/backend/kustomization.yaml"]!.split(separator: "\n", omittingEmptySubsequences: false)
        let newLines = tree.files["manifests/backend/kustomization.yaml"]!.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(oldLines.count == newLines.count)
        #expect(zip(oldLines, newLines).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset) == [13])
        let rendered = try tree.kustomize("manifests/backend")
        #expect(rendered.contains("image: docker.io/kostiscodefresh/interest:2.0"))
        #expect(!rendered.contains("interest:1.0"))
        // kubectl kustomize: the same frontend, its ConfigMap (same name) annotated.
        let frontend = try tree.kustomize("manifests/frontend")
        #expect(frontend == beforeFrontend.replacingOccurrences(of: "kind: ConfigMap\nmetadata:\n", with: "kind: ConfigMap\nmetadata:\n"
            + "  annotations:\n    argocd.argoproj.io/compare-options: IgnoreExtraneous\n    argocd.argoproj.io/sync-options: Prune=false\n"
            + "  labels:\n    app.kubernetes.io/managed-by: tandem\n    tandem.dev/plan: loan-app\n"))
    }

    @Test func consumerWavePinsTheLiteralAndKustomizeRendersTheComputedConfigMapName() throws {
        let plan = try Self.plan()
        var tree = try ManifestTree.example()
        let planner = GitOpsEditPlanner(plan: plan, releaseID: "r-1", versions: ["backend": "2.0", "frontend": "2.0"])
        let change = try planner.change(wave: 2, services: ["frontend"], pins: ["backend": Self.pin(hash: "7d9f8c6b5", plan: plan)],
                                        read: tree.read)

        #expect(change.paths == ["manifests/frontend/kustomization.yaml",
                                 "manifests/backend/tandem-pinned/backend-7d9f8c6b5.yaml",
                                 "manifests/backend/kustomization.yaml"])
        let frontendEdits = change.files[0].edits.map(\.description)
        #expect(Array(frontendEdits.prefix(2)) == [
            "manifests/frontend/kustomization.yaml:16: -   newTag: '1.0'\nmanifests/frontend/kustomization.yaml:16: +   newTag: '2.0'",
            "manifests/frontend/kustomization.yaml:21: -   - BACKEND_HOST=backend-active   # tandem pins this to the backend revision of the release\n"
                + "manifests/frontend/kustomization.yaml:21: +   - BACKEND_HOST=backend-7d9f8c6b5   # tandem pins this to the backend revision of the release",
        ])
        #expect(change.files[0].new?.hasSuffix("  - \"GREETING=Hello: loans\"\n" + Self.options(pad: 2, release: "r-1", revision: "7d9f8c6b5")) == true,
                "\(change.files[0].new ?? "")")
        #expect(change.files[2].edits.map(\.description) == ["manifests/backend/kustomization.yaml:11: +   - tandem-pinned/backend-7d9f8c6b5.yaml"])
        #expect(change.unknownPins.isEmpty)
        let configMap = try #require(change.expected.first?.configMaps["my-frontend-settings"] ?? nil)

        tree.apply(change)
        let frontend = try tree.kustomize("manifests/frontend")
        // The generated ConfigMap and the Rollout's reference to it both carry the computed name.
        #expect(frontend.components(separatedBy: "name: \(configMap)\n").count - 1 == 2)
        #expect(frontend.contains("BACKEND_HOST: backend-7d9f8c6b5"))
        #expect(frontend.contains("image: docker.io/kostiscodefresh/loan:2.0"))
        // What `tandem pairs` reads: tandem's record on the generated ConfigMap, as in direct mode.
        #expect(frontend.contains("    app.kubernetes.io/managed-by: tandem\n"))
        #expect(frontend.contains(#"    tandem.dev/paired-revisions: '{"BACKEND_HOST":"7d9f8c6b5"}'"#))
        let backend = try tree.kustomize("manifests/backend")
        #expect(backend.contains("name: backend-7d9f8c6b5"))
        #expect(backend.contains("    argocd.argoproj.io/sync-options: Prune=false\n"))
        #expect(backend.contains("rollouts-pod-template-hash: 7d9f8c6b5"))
        #expect(backend.contains("namespace: legacy"))
    }

    @Test func planningTheSameWaveOnTheCommittedTreeChangesNothing() throws {
        let plan = try Self.plan()
        var tree = try ManifestTree.example()
        let planner = GitOpsEditPlanner(plan: plan, releaseID: "r-1", versions: ["backend": "2.0", "frontend": "2.0"])
        let pins = ["backend": Self.pin(hash: "7d9f8c6b5", plan: plan)]
        tree.apply(try planner.change(wave: 2, services: ["frontend"], pins: pins, read: tree.read))
        let again = try planner.change(wave: 2, services: ["frontend"], pins: pins, read: tree.read)
        #expect(again.files.isEmpty)
        #expect(again.expected.first?.configMaps["my-frontend-settings"] != nil)
    }

    @Test func dryRunShowsThePinnedAddressPatternAndLeavesTheConfigMapNameOpen() throws {
        let plan = try Self.plan()
        let tree = try ManifestTree.example()
        let planner = GitOpsEditPlanner(plan: plan, releaseID: "<release-id>", versions: ["backend": "2.0", "frontend": "2.0"])
        let change = try planner.change(wave: 2, services: ["frontend"], pins: [:], read: tree.read)
        #expect(change.unknownPins == ["backend"])
        #expect(change.files.map(\.path) == ["manifests/frontend/kustomization.yaml"])
        #expect(change.files[0].edits.contains { $0.new?.hasPrefix("  - BACKEND_HOST=backend-<hash>") == true })
        #expect(change.expected.first?.configMaps["my-frontend-settings"] == .some(nil))
    }

    @Test func aDependencyOutsideTheReleaseKeepsTheConsumersLiteral() throws {
        let plan = try Self.plan()
        let tree = try ManifestTree.example()
        let planner = GitOpsEditPlanner(plan: plan, releaseID: "r-2", versions: ["frontend": "2.1"])
        let change = try planner.change(wave: 2, services: ["frontend"], pins: [:], read: tree.read)
        #expect(change.files.count == 1)
        #expect(change.files[0].edits.map(\.new) == ["  newTag: '2.1'"])
        #expect(change.unknownPins.isEmpty)
    }

    @Test func aConsumerThatJoinsWithoutATagKeepsItsImageAndGetsItsLiteralPinned() throws {
        let plan = try Self.plan()
        var tree = try ManifestTree.example()
        // `--set backend=2.1`: the frontend joins the lockstep release only to be pinned to the new backend.
        let planner = GitOpsEditPlanner(plan: plan, releaseID: "r-3", versions: ["backend": "2.1"])
        let change = try planner.change(wave: 2, services: ["frontend"], pins: ["backend": Self.pin(hash: "5c4b3a291", plan: plan)],
                                        read: tree.read)
        #expect(change.files[0].edits.first?.new == "  - BACKEND_HOST=backend-5c4b3a291   # tandem pins this to the backend revision of the release")
        #expect(change.expected.first?.image == nil)
        #expect(change.message.hasPrefix("tandem: loan-app release r-3 wave 2: frontend (re-pinned)\n"))
        #expect(change.message.hasSuffix("Wave: 2\nRe-pinned: frontend"))
        let configMap = try #require(change.expected.first?.configMaps["my-frontend-settings"] ?? nil)
        tree.apply(change)
        let frontend = try tree.kustomize("manifests/frontend")
        #expect(frontend.contains("image: docker.io/kostiscodefresh/loan:1.0"))
        #expect(frontend.components(separatedBy: "name: \(configMap)\n").count - 1 == 2)
    }

    @Test func commitMessageNamesPlanReleaseServicesAndVersions() throws {
        let plan = try Self.plan()
        let planner = GitOpsEditPlanner(plan: plan, releaseID: "r-9", versions: ["backend": "3.0"])
        let change = try planner.change(wave: 1, services: ["backend"], pins: [:], read: try ManifestTree.example().read)
        #expect(change.message == """
        tandem: loan-app release r-9 wave 1: backend 3.0

        Plan: loan-app
        Release: r-9
        Wave: 1
        Services: backend=3.0
        """)
    }

    @Test func missingKustomizationNamesTheDirectory() throws {
        let plan = try Self.plan()
        let planner = GitOpsEditPlanner(plan: plan, releaseID: "r-1", versions: ["backend": "2.0"])
        #expect(throws: GitOpsEditError.noKustomization(service: "backend", directory: "manifests/backend")) {
            try planner.change(wave: 1, services: ["backend"], pins: [:], read: { _ in nil })
        }
    }

    @Test func missingImageEntryIsAnEditErrorNamingTheFileAndTheFix() throws {
        let plan = try Self.plan()
        var tree = try ManifestTree.example()
        tree.files["manifests/backend/kustomization.yaml"] = "resources:\n- rollout.yaml\n"
        let planner = GitOpsEditPlanner(plan: plan, releaseID: "r-1", versions: ["backend": "2.0"])
        #expect(throws: GitOpsEditError.edit(.noImagesEntry(file: "manifests/backend/kustomization.yaml",
                                                            image: "docker.io/kostiscodefresh/interest"))) {
            try planner.change(wave: 1, services: ["backend"], pins: [:], read: tree.read)
        }
    }

    @Test func generatorReadingFilesIsRefusedBecauseItsHashCannotBeComputed() throws {
        let plan = try Self.plan()
        var tree = try ManifestTree.example()
        tree.files["manifests/frontend/kustomization.yaml"]! += "  files:\n  - extra.properties\n"
        let planner = GitOpsEditPlanner(plan: plan, releaseID: "r-1", versions: ["backend": "2.0", "frontend": "2.0"])
        #expect(throws: GitOpsEditError.edit(.unsupportedGenerator(file: "manifests/frontend/kustomization.yaml", line: 23,
                                                                   generator: "my-frontend-settings", field: "files"))) {
            try planner.change(wave: 2, services: ["frontend"], pins: ["backend": Self.pin(hash: "abc", plan: plan)], read: tree.read)
        }
    }

    @Test func oddlyFormattedKustomizationKeepsEveryOtherByteAndRendersTheSameNameKustomizeDoes() throws {
        let plan = try Self.plan()
        var tree = try ManifestTree.example()
        let odd = "# odd\r\nconfigurations: [rollout-transform.yaml]\r\nresources: [rollout.yaml, services.yaml]\r\n"
            + "configMapGenerator:\r\n  -   literals:\r\n        - 'BACKEND_HOST=\"backend-active\"'   # quoted twice\r\n"
            + "        - GREETING=hi\r\n      name: my-frontend-settings\r\n\r\nimages:\r\n  - name: docker.io/kostiscodefresh/loan\r\n"
        tree.files["manifests/frontend/kustomization.yaml"] = odd
        let planner = GitOpsEditPlanner(plan: plan, releaseID: "r-1", versions: ["backend": "2.0", "frontend": "2.0"])
        let change = try planner.change(wave: 2, services: ["frontend"], pins: ["backend": Self.pin(hash: "5c8b7f", plan: plan)], read: tree.read)
        let configMap = try #require(change.expected.first?.configMaps["my-frontend-settings"] ?? nil)
        let text = try #require(change.files.first { $0.path == "manifests/frontend/kustomization.yaml" }?.new)
        #expect(text == odd
            .replacingOccurrences(of: "'BACKEND_HOST=\"backend-active\"'", with: "'BACKEND_HOST=\"backend-5c8b7f\"'")
            .replacingOccurrences(of: "  - name: docker.io/kostiscodefresh/loan\r\n", with: "  - name: docker.io/kostiscodefresh/loan\r\n    newTag: \"2.0\"\r\n")
            .replacingOccurrences(of: "      name: my-frontend-settings\r\n",
                                  with: "      name: my-frontend-settings\r\n" + Self.options(pad: 6, release: "r-1", revision: "5c8b7f", eol: "\r\n")))
        tree.apply(change)
        let rendered = try tree.kustomize("manifests/frontend")
        #expect(rendered.contains("name: \(configMap)\n"))
        #expect(rendered.contains("BACKEND_HOST: backend-5c8b7f"))
        #expect(rendered.contains("image: docker.io/kostiscodefresh/loan:2.0"))
    }

    @Test func aNewPinTakesTheEarlierPinnedServicesNoConsumerNamesAnyMoreOutOfGit() throws {
        let plan = try Self.plan()
        var tree = try ManifestTree.example()
        let first = GitOpsEditPlanner(plan: plan, releaseID: "r-1", versions: ["backend": "2.0", "frontend": "2.0"])
        tree.apply(try first.change(wave: 1, services: ["backend"], pins: [:], read: tree.read))
        tree.apply(try first.change(wave: 2, services: ["frontend"], pins: ["backend": Self.pin(hash: "aaaa1111", plan: plan)], read: tree.read))
        #expect(tree.files["manifests/backend/tandem-pinned/backend-aaaa1111.yaml"] != nil)

        let second = GitOpsEditPlanner(plan: plan, releaseID: "r-2", versions: ["backend": "3.0", "frontend": "3.0"])
        tree.apply(try second.change(wave: 1, services: ["backend"], pins: [:], read: tree.read))
        // Wave 1 of the next release: the frontend still names backend-aaaa1111, so it stays in git.
        #expect(tree.files["manifests/backend/tandem-pinned/backend-aaaa1111.yaml"] != nil)
        let change = try second.change(wave: 2, services: ["frontend"], pins: ["backend": Self.pin(hash: "bbbb2222", plan: plan)],
                                       read: tree.read)
        let removed = try #require(change.files.first { $0.path == "manifests/backend/tandem-pinned/backend-aaaa1111.yaml" })
        #expect(removed.new == nil && removed.old != nil)
        let backend = try #require(change.files.first { $0.path == "manifests/backend/kustomization.yaml" })
        #expect(backend.edits.map(\.description) == [
            "manifests/backend/kustomization.yaml:12: +   - tandem-pinned/backend-bbbb2222.yaml",
            "manifests/backend/kustomization.yaml:11: -   - tandem-pinned/backend-aaaa1111.yaml",
        ])
        tree.apply(change)
        #expect(tree.files.keys.filter { $0.contains("tandem-pinned/") }.sorted() == ["manifests/backend/tandem-pinned/backend-bbbb2222.yaml"])
        let rendered = try tree.kustomize("manifests/backend")
        #expect(rendered.contains("name: backend-bbbb2222") && !rendered.contains("backend-aaaa1111"))
        // The same wave planned again on the committed tree changes nothing.
        #expect(try second.change(wave: 2, services: ["frontend"], pins: ["backend": Self.pin(hash: "bbbb2222", plan: plan)],
                                  read: tree.read).files.isEmpty)
    }
}
