import Testing
import Foundation
import TandemKubeModel
@testable import TandemPairing

@Suite("pairing report")
struct PairingReportTests {
    typealias F = Fixtures
    static let b1 = "5b8c6f4d9f", b2 = "6cbccd9f99", b3 = "74b948fccb"
    static let f1 = "7d5f9c8b44", f2 = "8f6d4c7b55", f3 = "9c7b5d6f66"

    /// Release 1.0 as the example deploys it with kustomize (no tandem objects).
    static var release1: ClusterSnapshot {
        ClusterSnapshot(
            rollouts: [F.blueGreen("my-backend", app: "interest", active: "backend-active", preview: "backend-preview", stable: b1, current: b1),
                       F.blueGreen("my-frontend", app: "loan", active: "frontend-active", preview: "frontend-preview", stable: f1, current: f1)],
            replicaSets: [F.replicaSet("my-backend", app: "interest", hash: b1, image: "repo/interest:1.0"),
                          F.replicaSet("my-frontend", app: "loan", hash: f1, image: "repo/loan:1.0", configMap: "my-frontend-settings-7hc895d47h")],
            services: [F.service("backend-active", selector: ["app": "interest", "rollouts-pod-template-hash": b1]),
                       F.service("backend-preview", selector: ["app": "interest", "rollouts-pod-template-hash": b1]),
                       F.service("frontend-active", selector: ["app": "loan", "rollouts-pod-template-hash": f1]),
                       F.service("frontend-preview", selector: ["app": "loan", "rollouts-pod-template-hash": f1])],
            configMaps: [F.plainConfigMap("my-frontend-settings-7hc895d47h", data: ["APP_VERSION": "1.0", "BACKEND_HOST": "backend-active"])])
    }

    /// The article's state after release 2.0 by hand (frontend left on backend-preview), then
    /// the first step of release 3.0: the new backend is deployed and backend-preview follows it.
    static var articleFlaw: ClusterSnapshot {
        ClusterSnapshot(
            rollouts: [F.blueGreen("my-backend", app: "interest", active: "backend-active", preview: "backend-preview", stable: b2, current: b3),
                       F.blueGreen("my-frontend", app: "loan", active: "frontend-active", preview: "frontend-preview", stable: f2, current: f2)],
            replicaSets: [F.replicaSet("my-backend", app: "interest", hash: b2, image: "repo/interest:2.0", revision: 2),
                          F.replicaSet("my-backend", app: "interest", hash: b3, image: "repo/interest:3.0", ready: 0, revision: 3),
                          F.replicaSet("my-frontend", app: "loan", hash: f2, image: "repo/loan:2.0", configMap: "my-frontend-settings-4b7hkt7294", revision: 2)],
            services: [F.service("backend-active", selector: ["app": "interest", "rollouts-pod-template-hash": b2]),
                       F.service("backend-preview", selector: ["app": "interest", "rollouts-pod-template-hash": b3]),
                       F.service("frontend-active", selector: ["app": "loan", "rollouts-pod-template-hash": f2]),
                       F.service("frontend-preview", selector: ["app": "loan", "rollouts-pod-template-hash": f2])],
            configMaps: [F.plainConfigMap("my-frontend-settings-4b7hkt7294", data: ["APP_VERSION": "2.0", "BACKEND_HOST": "backend-preview"])])
    }

    /// Release 3.0 with revision pairing, after "deploy frontend": the live 2.0 frontend calls
    /// the pinned 2.0 backend, the preview 3.0 frontend the pinned 3.0 backend.
    static func revisionPaired(frontendReady: Int = 3, backendReady: Int = 3) -> ClusterSnapshot {
        let live = F.tandemConfigMap(backendHost: PinnedService.name(service: "backend", hash: b2), release: "2.0")
        let next = F.tandemConfigMap(backendHost: PinnedService.name(service: "backend", hash: b3), release: "3.0")
        return ClusterSnapshot(
            rollouts: [F.blueGreen("my-backend", app: "interest", active: "backend-active", preview: "backend-preview", stable: b2, current: b3),
                       F.blueGreen("my-frontend", app: "loan", active: "frontend-active", preview: "frontend-preview", stable: f2, current: f3)],
            replicaSets: [F.replicaSet("my-backend", app: "interest", hash: b2, image: "repo/interest:2.0", revision: 2),
                          F.replicaSet("my-backend", app: "interest", hash: b3, image: "repo/interest:3.0", ready: backendReady, revision: 3),
                          F.replicaSet("my-frontend", app: "loan", hash: f2, image: "repo/loan:2.0", configMap: live.name, revision: 2),
                          F.replicaSet("my-frontend", app: "loan", hash: f3, image: "repo/loan:3.0", configMap: next.name, ready: frontendReady, revision: 3)],
            services: [F.service("backend-active", selector: ["app": "interest", "rollouts-pod-template-hash": b2]),
                       F.service("backend-preview", selector: ["app": "interest", "rollouts-pod-template-hash": b3]),
                       F.service("frontend-active", selector: ["app": "loan", "rollouts-pod-template-hash": f2]),
                       F.service("frontend-preview", selector: ["app": "loan", "rollouts-pod-template-hash": f3]),
                       F.pinned(hash: b2, release: "2.0"), F.pinned(hash: b3, release: "3.0")],
            configMaps: [live.object, next.object])
    }

    @Test("the example's release 1.0 (no tandem objects) pairs by version tag: ok")
    func release1() {
        let report = PairingReport.compute(plan: F.loanApp, snapshot: Self.release1)
        #expect(report.rows.count == 1)
        let row = report.rows[0]
        #expect(row.consumer == "frontend" && row.role == .active && row.version == "1.0")
        #expect(row.configMap == "my-frontend-settings-7hc895d47h" && row.value == "backend-active" && row.targetService == "backend-active")
        #expect(row.dependencyRevision == "my-backend-\(Self.b1)" && row.dependencyVersion == "1.0" && row.dependencyRole == .active)
        #expect(row.verdict == .ok)
        #expect(!report.hasMixed)
    }

    @Test("the article's flaw: the live 2.0 frontend calls the 3.0 backend through backend-preview → MIXED")
    func articleFlaw() {
        let report = PairingReport.compute(plan: F.loanApp, snapshot: Self.articleFlaw)
        #expect(report.rows.count == 1)
        let row = report.rows[0]
        #expect(row.role == .active && row.version == "2.0" && row.targetService == "backend-preview")
        #expect(row.dependencyVersion == "3.0" && row.dependencyRole == .preview)
        #expect(row.verdict == .mixed)
        #expect(report.hasMixed)
    }

    @Test("revision pairing: live and preview frontends each call their own backend revision")
    func revisionPairing() {
        let report = PairingReport.compute(plan: F.loanApp, snapshot: Self.revisionPaired())
        #expect(report.rows.map(\.role) == [.preview, .active])
        #expect(report.rows.map(\.dependencyVersion) == ["3.0", "2.0"])
        #expect(report.rows.map(\.dependencyRole) == [.preview, .active])
        #expect(report.rows.map(\.targetService) == ["backend-\(Self.b3)", "backend-\(Self.b2)"])
        #expect(report.rows.allSatisfy { $0.verdict == .ok })
    }

    @Test("waiting while the consumer's own pods or the target's pods are not ready")
    func waiting() {
        let consumer = PairingReport.compute(plan: F.loanApp, snapshot: Self.revisionPaired(frontendReady: 1))
        #expect(consumer.rows[0].verdict == .waiting)
        #expect(consumer.rows[0].reason.contains("1/3"))
        let target = PairingReport.compute(plan: F.loanApp, snapshot: Self.revisionPaired(backendReady: 0))
        #expect(target.rows[0].verdict == .waiting)
        #expect(target.rows[1].verdict == .ok)
        #expect(!target.hasMixed)
    }

    @Test("an old revision waiting for its scale-down is shown as draining, without a verdict")
    func draining() {
        var snapshot = Self.revisionPaired()
        // Frontend promoted: active and preview both on f3; f2 still has pods until its delay ends.
        snapshot.services = snapshot.services.map { service in
            guard service.name == "frontend-active" else { return service }
            return F.service("frontend-active", selector: ["app": "loan", "rollouts-pod-template-hash": Self.f3])
        }
        let report = PairingReport.compute(plan: F.loanApp, snapshot: snapshot)
        #expect(report.rows.map(\.role) == [.active, .draining])
        #expect(report.rows[1].verdict == nil)
        #expect(report.rows[0].verdict == .ok)
    }

    @Test("a draining revision calling another release is not MIXED")
    func drainingMixedIsNotCounted() {
        var snapshot = Self.articleFlaw
        snapshot.services = snapshot.services.map { service in
            guard service.name == "frontend-active" else { return service }
            return F.service("frontend-active", selector: ["app": "loan", "rollouts-pod-template-hash": "0000000000"])
        }
        snapshot.services = snapshot.services.filter { $0.name != "frontend-preview" }
        snapshot.rollouts[1][path: ["status", "blueGreen"]] = ["previewSelector": "0000000000"]
        let report = PairingReport.compute(plan: F.loanApp, snapshot: snapshot)
        #expect(report.rows[0].role == .draining && report.rows[0].verdict == nil && !report.hasMixed)
    }

    @Test("a partial release pairs with the dependency's older release without being MIXED")
    func partialRelease() {
        var snapshot = Self.release1
        let config = F.tandemConfigMap(backendHost: PinnedService.name(service: "backend", hash: Self.b1), release: "2.0", paired: "1.0")
        snapshot.configMaps.append(config.object)
        snapshot.services.append(F.pinned(hash: Self.b1, release: "1.0"))
        snapshot.replicaSets[1] = F.replicaSet("my-frontend", app: "loan", hash: Self.f1, image: "repo/loan:2.0", configMap: config.name)
        let report = PairingReport.compute(plan: F.loanApp, snapshot: snapshot)
        #expect(report.rows.map(\.verdict) == [.ok])
        #expect(report.rows[0].version == "2.0" && report.rows[0].dependencyVersion == "1.0")
    }

    @Test("a Service that selects several revisions gives a row per revision; the other release is MIXED")
    func unpinnedServiceSelectsSeveral() {
        var snapshot = Self.articleFlaw
        snapshot.services.append(F.service("backend", selector: ["app": "interest"]))
        snapshot.configMaps = [F.plainConfigMap("my-frontend-settings-4b7hkt7294", data: ["BACKEND_HOST": "backend"])]
        let report = PairingReport.compute(plan: F.loanApp, snapshot: snapshot)
        #expect(report.rows.map(\.dependencyVersion) == ["3.0", "2.0"])
        #expect(report.rows.map(\.verdict) == [.mixed, .ok])
    }

    @Test("canary roles: stable and canary", arguments: [true, false])
    func canaryRoles(promoted: Bool) {
        var snapshot = Self.revisionPaired()
        snapshot.rollouts[1] = F.canary("my-frontend", app: "loan", stable: Self.f2, current: promoted ? Self.f2 : Self.f3)
        let report = PairingReport.compute(plan: F.loanApp, snapshot: snapshot)
        #expect(report.rows.map(\.role) == (promoted ? [.draining, .stable] : [.canary, .stable]))
    }

    @Test("missing objects give unresolved rows or notes, never a crash", arguments: ["configMap", "service", "rollout", "key", "dependency"])
    func missingObjects(missing: String) {
        var snapshot = Self.release1
        switch missing {
        case "configMap": snapshot.configMaps = []
        case "service": snapshot.services.removeAll { $0.name == "backend-active" }
        case "rollout": snapshot.rollouts.removeAll { $0.name == "my-frontend" }
        case "key": snapshot.configMaps = [F.plainConfigMap("my-frontend-settings-7hc895d47h", data: ["OTHER": "x"])]
        default: snapshot.rollouts.removeAll { $0.name == "my-backend" }
        }
        let report = PairingReport.compute(plan: F.loanApp, snapshot: snapshot)
        if missing == "rollout" {
            #expect(report.rows.isEmpty)
            #expect(report.notes == ["Rollout legacy/my-frontend of service frontend not found"])
        } else {
            #expect(report.rows.map(\.verdict) == [.unresolved])
        }
        #expect(!report.hasMixed)
    }

    @Test("ReplicaSets without pods are not listed")
    func scaledDown() {
        var snapshot = Self.release1
        snapshot.replicaSets.append(F.replicaSet("my-frontend", app: "loan", hash: Self.f2, image: "repo/loan:0.9", configMap: "gone", replicas: 0, revision: 0))
        #expect(PairingReport.compute(plan: F.loanApp, snapshot: snapshot).rows.count == 1)
    }

    @Test("release names that are not tags: the recorded revision decides, a moved Service is MIXED")
    func releaseIDsAndRecordedRevisions() {
        // pairing: preview, releases named r-2/r-3 while images are tagged 2.0/3.0.
        func world(previewHash: String) -> ClusterSnapshot {
            var snapshot = Self.articleFlaw
            let config = VersionedConfigMap(base: "my-frontend-settings", namespace: F.namespace, current: nil,
                                            values: ["BACKEND_HOST": "backend-preview"], plan: "loan-app", service: "frontend",
                                            release: "r-2", pairedReleases: ["BACKEND_HOST": "r-2"],
                                            pairedRevisions: ["BACKEND_HOST": Self.b2])
            snapshot.configMaps = [config.object]
            snapshot.replicaSets[2] = F.replicaSet("my-frontend", app: "loan", hash: Self.f2, image: "repo/loan:2.0",
                                                   configMap: config.name, revision: 2)
            snapshot.services[1] = F.service("backend-preview", selector: ["app": "interest", "rollouts-pod-template-hash": previewHash])
            return snapshot
        }
        #expect(PairingReport.compute(plan: F.loanApp, snapshot: world(previewHash: Self.b2)).rows.map(\.verdict) == [.ok])
        let moved = PairingReport.compute(plan: F.loanApp, snapshot: world(previewHash: Self.b3))
        #expect(moved.rows.map(\.verdict) == [.mixed])
        #expect(moved.rows[0].dependencyVersion == "3.0")
    }

    @Test("what a pod reports through the proxy is shown beside the row")
    func podAnswers() {
        var snapshot = Self.articleFlaw
        snapshot.podAnswers["legacy/my-frontend-\(Self.f2)"] = ["version": "2.0", "calls": ["BACKEND_HOST": ["version": "3.0"]]]
        var report = PairingReport.compute(plan: F.loanApp, snapshot: snapshot)
        #expect(report.rows[0].podSays == "2.0 → 3.0")
        #expect(report.rows[0].podReachedVersion == "3.0")
        #expect(report.table().contains("POD SAYS"))
        snapshot.podAnswers["legacy/my-frontend-\(Self.f2)"] = ["version": "2.0", "calls": ["BACKEND_HOST": ["error": "no endpoints"]]]
        report = PairingReport.compute(plan: F.loanApp, snapshot: snapshot)
        #expect(report.rows[0].podSays == "2.0 → error: no endpoints")
        #expect(report.rows[0].podReachedVersion == nil)
        snapshot.podAnswers["legacy/my-frontend-\(Self.f2)"] = ["error": "HTTP 503"]
        #expect(PairingReport.compute(plan: F.loanApp, snapshot: snapshot).rows[0].podSays == "error: HTTP 503")
    }

    @Test("image tags", arguments: [("repo/x:1.0", "1.0"), ("registry:5000/repo/x", "latest"), ("registry:5000/repo/x:2", "2"),
                                    ("repo/x@sha256:0123456789abcdef0123", "@sha256:0123456789ab"), ("x:3@sha256:ab", "3")])
    func tags(image: String, tag: String) {
        #expect(ImageReference.tag(image) == tag)
    }
}

@Suite("pairing report rendering")
struct PairingReportRenderingTests {
    @Test("the table lists every row and names the MIXED pair")
    func table() {
        let report = PairingReport.compute(plan: Fixtures.loanApp, snapshot: PairingReportTests.articleFlaw)
        let table = report.table()
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("CONSUMER  ROLE    VERSION  KEY           TARGET SERVICE   DEPENDENCY  DEP VERSION  DEP ROLE  VERDICT"))
        #expect(lines[1].split(separator: " ", omittingEmptySubsequences: true)
            == ["frontend", "active", "2.0", "BACKEND_HOST", "backend-preview", "backend", "3.0", "preview", "MIXED"])
        #expect(lines.last == "MIXED: frontend active 2.0 (my-frontend-8f6d4c7b55) reads BACKEND_HOST=backend-preview → Service backend-preview → backend 3.0 (my-backend-74b948fccb, preview): release 2.0 calls backend-preview → revision of release 3.0")
    }

    @Test("a clean report ends with 'no mixed pairs'; JSON carries rows and the MIXED count")
    func clean() throws {
        let report = PairingReport.compute(plan: Fixtures.loanApp, snapshot: PairingReportTests.release1)
        #expect(report.table().hasSuffix("no mixed pairs"))
        let json = try JSON.parse(report.json())
        #expect(json["mixed"] == 0)
        #expect(json["rows"][0]["verdict"] == "ok")
        #expect(json["rows"][0]["dependencyVersion"] == "1.0")
        #expect(json["plan"] == "loan-app")
    }
}
