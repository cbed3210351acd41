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

    @Test func firstWaveSetsOnlyTheBackendTagAndKustomizeRendersIt() throws {
        let plan = try Self.plan()
        var tree = try ManifestTree.example()
        let before = tree.files
        let planner = GitOpsEditPlanner(plan: plan, releaseID: "r-1", versions: ["backend": "2.0", "frontend": "2.0"])
        let change = try planner.change(wave: 1, services: ["backend"], pins: [:], read: tree.read)

        #expect(change.paths == ["manifests/backend/kustomization.yaml"])
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
        #expect(frontendEdits == [
            "manifests/frontend/kustomization.yaml:16: -   newTag: '1.0'\nmanifests/frontend/kustomization.yaml:16: +   newTag: '2.0'",
            "manifests/frontend/kustomization.yaml:21: -   - BACKEND_HOST=backend-active   # tandem pins this to the backend revision of the release\n"
                + "manifests/frontend/kustomization.yaml:21: +   - BACKEND_HOST=backend-7d9f8c6b5   # tandem pins this to the backend revision of the release",
        ])
        #expect(change.files[2].edits.map(\.description) == ["manifests/backend/kustomization.yaml:11: +   - tandem-pinned/backend-7d9f8c6b5.yaml"])
        #expect(change.unknownPins.isEmpty)
        let configMap = try #require(change.expected.first?.configMaps["my-frontend-settings"] ?? nil)

        tree.apply(change)
        let frontend = try tree.kustomize("manifests/frontend")
        // The generated ConfigMap and the Rollout's reference to it both carry the computed name.
        #expect(frontend.components(separatedBy: "name: \(configMap)\n").count - 1 == 2)
        #expect(frontend.contains("BACKEND_HOST: backend-7d9f8c6b5"))
        #expect(frontend.contains("image: docker.io/kostiscodefresh/loan:2.0"))
        let backend = try tree.kustomize("manifests/backend")
        #expect(backend.contains("name: backend-7d9f8c6b5"))
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
        #expect(change.files[0].edits.last?.new.hasPrefix("  - BACKEND_HOST=backend-<hash>") == true)
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
        #expect(change.files[0].edits.map(\.new) == ["  - BACKEND_HOST=backend-5c4b3a291   # tandem pins this to the backend revision of the release"])
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
            .replacingOccurrences(of: "  - name: docker.io/kostiscodefresh/loan\r\n", with: "  - name: docker.io/kostiscodefresh/loan\r\n    newTag: \"2.0\"\r\n"))
        tree.apply(change)
        let rendered = try tree.kustomize("manifests/frontend")
        #expect(rendered.contains("name: \(configMap)\n"))
        #expect(rendered.contains("BACKEND_HOST: backend-5c8b7f"))
        #expect(rendered.contains("image: docker.io/kostiscodefresh/loan:2.0"))
    }
}
