import Foundation
import Testing

/// `kill -9` in the window between a deploy's Rollout write and its step commit
/// (`TANDEM_TEST_CRASH_AFTER_DEPLOY_WRITE`, a test-only hook), then resume.
@Suite("deploy crash window end to end (real binary, simulated cluster)", .serialized)
struct DeployCrashEndToEndTests {
    /// Releases 2.0 to the end (approve, resume); with `crashing`, the first run dies right after that
    /// service's deploy wrote its Rollout. Returns the release id.
    func release(_ tandem: TandemBinary, crashing service: String?) throws -> String {
        let extra = service.map { ["TANDEM_TEST_CRASH_AFTER_DEPLOY_WRITE": $0] } ?? [:]
        var start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"], extra: extra)
        let id = try tandem.newestRelease()
        if service != nil {
            try #require(start.status == 137 || start.status == 9, "the crash hook did not fire: \(start.output)")
            start = try tandem.run(["release", "resume", id])
        }
        try #require(start.status == 3, "\(start.output)")
        try #require(try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "alice"]).status == 0)
        let resume = try tandem.run(["release", "resume", id])
        try #require(resume.status == 0, "\(resume.output)")
        return id
    }

    @Test("a crash right after a deploy's Rollout write, then resume: the whole end state equals an uninterrupted run's", arguments: ["backend", "frontend"])
    func sameEndStateAsUninterrupted(service: String) throws {
        var clean = ""
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            clean = try tandem.endState(release: try release(tandem, crashing: nil))
        }
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            let crashed = try tandem.endState(release: try release(tandem, crashing: service))
            #expect(crashed == clean)
        }
        // 1.0 and 2.0 of each Rollout, no third revision (a resumed deploy stamping tandem.dev/release made one).
        #expect(clean.components(separatedBy: "\"kind\": \"ReplicaSet\"").count - 1 == 4, "\(clean)")
    }
}

extension TandemBinary {
    /// ReplicaSets, ConfigMaps, Services and Rollouts of namespace legacy as sorted JSON text, without
    /// what differs between two identical runs: uids, timestamps, resourceVersions, generations, cluster IPs,
    /// status, the old ReplicaSets' scale-down deadline (a time), and the release id (replaced by `<release>`).
    func endState(release id: String) throws -> String {
        let text = try kubectl(["get", "replicasets,configmaps,services,rollouts", "-n", "legacy", "-o", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let volatile: Set<String> = ["uid", "creationTimestamp", "resourceVersion", "generation", "managedFields",
                                     "clusterIP", "clusterIPs", "status", "scale-down-deadline"]
        func clean(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { !volatile.contains($0.key) }.mapValues(clean)
            }
            if let array = value as? [Any] { return array.map(clean) }
            return value
        }
        let items = try (list["items"] as? [Any] ?? []).map { item in
            let data = try JSONSerialization.data(withJSONObject: clean(item), options: [.sortedKeys, .prettyPrinted])
            return String(decoding: data, as: UTF8.self).replacingOccurrences(of: id, with: "<release>")
                .replacingOccurrences(of: "\" : ", with: "\": ")
        }
        return items.sorted().joined(separator: "\n")
    }
}
