import Foundation
import Hummingbird
import HummingbirdTesting
@testable import TandemServer
import TandemStore
import TandemTestSupport
import Testing
import TandemRelease

/// The dashboard's view of environments (plans/loan-app-environments.yaml: staging → production → dr): the release
/// page names the environment and links the release it was promoted from; the list shows per version set how far
/// it got.
@Suite("Dashboard: environments and promotions")
struct DashboardEnvironmentTests {
    /// Records a release of plans/loan-app-environments.yaml to `environment` at `version`, waiting at "change".
    static func release(_ store: ReleaseStore, _ environment: String, _ version: String, from: String? = nil,
                        changes: [String] = []) async throws -> String {
        let plan = try ExamplePlans.text("loan-app-environments.yaml")
        let release = try await store.startRelease(NewRelease(
            plan: PlanSnapshot(name: "loan-app", namespace: "legacy", content: plan, hash: "sha256:bbbb2222",
                               path: "plans/loan-app-environments.yaml"),
            versions: ["backend": version, "frontend": version], startedBy: "ci-bot",
            steps: [PlannedStep(kind: .checkpoint, checkpoint: "change"), PlannedStep(kind: .collectGarbage)],
            checkpoints: [PlannedCheckpoint(name: "change", policy: ApprovalPolicy())],
            environment: environment, promotedFrom: from, changes: changes))
        _ = try await store.openCheckpoint(release.id, name: "change")
        try await Task.sleep(for: .milliseconds(5))  // newest first goes by the creation time
        return release.id
    }

    @Test("the list shows `staging ✓ → production waiting → dr —` per version set, each stage linking its release; the release page links where it was promoted from")
    func progressAndLinks() async throws {
        let h = try await Harness.make()
        let staging = try await Self.release(h.store, "staging", "2.0")
        try await h.store.setReleaseState(staging, to: .running)
        try await h.store.setReleaseState(staging, to: .succeeded)
        let production = try await Self.release(h.store, "production", "2.0", from: staging, changes: ["CHG0030001"])
        let other = try await Self.release(h.store, "staging", "3.0")
        try await h.store.setReleaseState(other, to: .rollingBack, message: "verify failed")
        try await h.store.setReleaseState(other, to: .rolledBack, message: "verify failed")

        try await h.app.test(.router) { client in
            let (cookie, _) = try await DashboardTests.login(client, token: h.tokens["alice"]!)
            let list = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            let html = text(list)
            #expect(list.status == .ok)
            #expect(html.contains("aria-label=\"staging ✓ → production waiting → dr —\""), "\(html)")
            #expect(html.contains("<a href=\"/releases/\(staging)\">staging ✓</a> → <a href=\"/releases/\(production)\">production waiting</a> → <span class=\"muted\">dr —</span>"),
                    "\(html)")
            #expect(html.contains("aria-label=\"staging rolled back → production — → dr —\""), "\(html)")
            // The newer version set comes first; the release without an environment is listed with an empty cell.
            let newer = try #require(html.range(of: "backend=3.0, frontend=3.0</td><td class=\"env-progress\""))
            let older = try #require(html.range(of: "backend=2.0, frontend=2.0</td><td class=\"env-progress\""))
            #expect(newer.lowerBound < older.lowerBound)
            #expect(html.contains("<td><a href=\"/releases/\(production)\">\(production)</a></td><td>loan-app</td><td>production</td>"))
            #expect(html.contains("<td><a href=\"/releases/\(h.releaseID)\">\(h.releaseID)</a></td><td>loan-app</td><td></td>"))

            let page = try await client.execute(uri: "/releases/\(production)", method: .get, headers: [.cookie: cookie])
            let detail = text(page)
            #expect(page.status == .ok)
            #expect(detail.contains("Environment <strong id=\"environment\">production</strong> · promoted from <a id=\"promoted-from\" href=\"/releases/\(staging)\">\(staging)</a> · change <code>CHG0030001</code>"),
                    "\(detail)")
            // The CSP still holds: every inline script carries the response's nonce.
            let nonce = try #require(DashboardHardeningTests.nonce(page))
            #expect(detail.components(separatedBy: "<script").count == detail.components(separatedBy: "<script nonce=\"\(nonce)\"").count)
            let plain = try await client.execute(uri: "/releases/\(h.releaseID)", method: .get, headers: [.cookie: cookie])
            #expect(!text(plain).contains("promoted from"))
        }
    }

    @Test("environment progress: the newest release per environment counts; an environment the plan no longer names goes last")
    func rows() async throws {
        let store = try ReleaseStore.inMemory()
        let staging = try await Self.release(store, "staging", "2.0")
        let qa = try await Self.release(store, "qa", "2.0")
        let older = try await Self.release(store, "production", "2.0", from: staging)
        try await store.setReleaseState(older, to: .rollingBack, message: "gate rejected")
        try await store.setReleaseState(older, to: .rolledBack, message: "gate rejected")
        let newer = try await Self.release(store, "production", "2.0", from: staging)
        let releases = try await store.listView()
        let order = try await EnvironmentProgress.environmentOrder(of: releases, store: store)
        #expect(order == ["loan-app": ["staging", "production", "dr"]])
        let rows = EnvironmentProgress.rows(releases, environments: order)
        #expect(rows.count == 1)
        #expect(rows.first?.text == "staging waiting → production waiting → dr — → qa waiting")
        #expect(rows.first?.stages.map(\.releaseID) == [staging, newer, nil, qa])
    }
}
