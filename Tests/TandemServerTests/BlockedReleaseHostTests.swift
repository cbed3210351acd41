import Foundation
import Hummingbird
import HummingbirdTesting
import TandemEngine
import TandemRelease
import TandemServer
import TandemStore
import TandemTestSupport
import Testing

/// A server-driven release whose step is blocked (`StepError.blocked`: a GitOps push the remote
/// refuses) is left blocked with its message; the host does not drive it again and again.
@Suite("A blocked server-driven release is left as it is", .serialized)
struct BlockedReleaseHostTests {
    /// The shop plan in GitOps mode (`sync: none`), committing to the work tree's remote.
    static let plan = ServerWorld.plan
        .replacingOccurrences(of: "  coupling: lockstep\n", with: "  coupling: lockstep\n  gitops:\n    remote: origin\n    sync: none\n")
        .replacingOccurrences(of: "      image: example.com/shop/api\n", with: "      image: example.com/shop/api\n      manifests: api\n")
        .replacingOccurrences(of: "      image: example.com/shop/web\n", with: "      image: example.com/shop/web\n      manifests: web\n")

    /// A bare remote whose pre-receive hook refuses every push (and counts them), and a clone holding the
    /// plan and each service's kustomization at 1.0. Returns the plan file's absolute path.
    static func workTree(in directory: String) throws -> String {
        let remote = directory + "/remote.git", tree = directory + "/tree"
        try GitTool.initialize(remote, bare: true)
        let hook = remote + "/hooks/pre-receive"
        try "#!/bin/sh\necho push >> \"\(directory)/attempts\"\necho 'pushes are frozen' >&2\nexit 1\n"
            .write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        try GitTool.initialize(tree)
        try GitTool.run(tree, ["remote", "add", "origin", remote])
        let files = [
            "shop.yaml": plan,
            "api/kustomization.yaml": "resources:\n- rollout.yaml\nimages:\n- name: example.com/shop/api\n  newTag: \"1.0\"\n",
            "api/rollout.yaml": "# the api Rollout\n",
            "web/kustomization.yaml": "resources:\n- rollout.yaml\nimages:\n- name: example.com/shop/web\n  newTag: \"1.0\"\n"
                + "configMapGenerator:\n- name: web-settings\n  literals:\n  - API_HOST=api\n",
            "web/rollout.yaml": "# the web Rollout\n",
        ]
        try GitTool.commit(tree, files, message: "shop 1.0")
        return tree + "/shop.yaml"
    }

    @Test("a push the remote refuses blocks the release: the step is pending again with git's message, the release stays running, and neither the retry time nor later polls drive it again")
    func blockedReleaseIsNotRetried() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-blocked-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let planPath = try Self.workTree(in: directory)
        @Sendable func attempts() -> Int {
            ((try? String(contentsOfFile: directory + "/attempts", encoding: .utf8)) ?? "").split(separator: "\n").count
        }

        try await ServerWorld.with(retryAfter: .milliseconds(100)) { w in
            try await w.app.test(.router) { client in
                let r = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"),
                                                 body: ServerWorld.submission(plan: Self.plan, planPath: planPath))
                #expect(r.status == .created, "\(text(r))")
                let id = try #require(jsonObject(r)["id"] as? String)
                await w.host.idle()
                let first = attempts()
                #expect(first == 1, "the push was tried once")

                // Past the retry time, polled again and again: nothing drives it.
                for _ in 0..<5 {
                    try await Task.sleep(for: .milliseconds(150))
                    await w.host.pollOnce()
                    #expect(await w.host.isDriving(id) == false)
                    await w.host.idle()
                }
                let after = attempts()
                #expect(after == 1, "a blocked release is not driven again (\(after) pushes)")

                let release = try await w.store.release(id)
                #expect(release.state == .running)
                let steps = try await w.store.steps(of: id)
                let commit = try #require(steps.first { $0.kind == .gitopsCommit })
                #expect(commit.state == .pending)
                #expect(commit.error?.contains("wave 1 could not be pushed") == true, "\(commit.error ?? "")")
                #expect(commit.error?.contains("pushes are frozen") == true, "\(commit.error ?? "")")
                let events = try await w.store.events(of: id, after: 0, limit: 1000)
                #expect(events.filter { $0.kind == EventKind.stepBlocked }.count == 1)
                #expect(!events.contains { $0.kind == EventKind.serverDriveFailed }, "a blocked release is not a failed drive")
            }
        }
    }
}
