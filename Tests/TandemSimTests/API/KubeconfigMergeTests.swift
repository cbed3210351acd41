import Foundation
import Testing
import Yams
@testable import TandemSim

/// Several simulators (and the user) share one kubeconfig file: entries are merged, never lost.
@Suite("Kubeconfig merge")
struct KubeconfigMergeTests {
    static func writer(_ name: String, server: String = "http://127.0.0.1:1") -> KubeconfigWriter {
        KubeconfigWriter(server: server, caPEM: nil, clientCertificatePEM: nil, clientKeyPEM: nil,
                         adminToken: "admin-\(name)", readOnlyToken: "ro-\(name)", name: name)
    }

    static func names(_ yaml: String, _ key: String) throws -> [String] {
        let node = try #require(try Yams.compose(yaml: yaml))
        return (node[key]?.sequence.map(Array.init) ?? []).compactMap { $0["name"]?.string }
    }

    @Test("a second simulator's cluster, contexts and users are added; the first one's stay and stay current")
    func addsSecondCluster() throws {
        let merged = try KubeconfigMerge.mergedYAML(ours: Self.writer("production").yaml, existing: Self.writer("staging").yaml, file: "k")
        #expect(try Self.names(merged, "clusters") == ["staging", "staging-readonly", "production", "production-readonly"])
        #expect(try Self.names(merged, "contexts") == ["staging", "staging-token", "staging-readonly",
                                                     "production", "production-token", "production-readonly"])
        #expect(try Self.names(merged, "users") == ["staging-admin", "staging-token", "staging-readonly",
                                                  "production-admin", "production-token", "production-readonly"])
        #expect(try Yams.compose(yaml: merged)?["current-context"]?.string == "staging")
    }

    @Test("a restarted simulator replaces its own entries (new port, new tokens) and keeps the others")
    func replacesOwnEntries() throws {
        let both = try KubeconfigMerge.mergedYAML(ours: Self.writer("production").yaml, existing: Self.writer("staging").yaml, file: "k")
        let restarted = try KubeconfigMerge.mergedYAML(ours: Self.writer("staging", server: "http://127.0.0.1:2").yaml, existing: both, file: "k")
        let node = try #require(try Yams.compose(yaml: restarted))
        let clusters = node["clusters"]?.sequence.map(Array.init) ?? []
        #expect(clusters.count == 4)
        #expect(clusters.first { $0["name"]?.string == "staging" }?["cluster"]?["server"]?.string == "http://127.0.0.1:2")
        #expect(try Self.names(restarted, "contexts").count == 6)
    }

    @Test("a current-context naming a context that no longer exists becomes ours; an empty file is just ours")
    func currentContext() throws {
        let stale = "apiVersion: v1\nkind: Config\ncurrent-context: gone\ncontexts: []\n"
        let merged = try KubeconfigMerge.mergedYAML(ours: Self.writer("dr").yaml, existing: stale, file: "k")
        #expect(try Yams.compose(yaml: merged)?["current-context"]?.string == "dr")
        #expect(try KubeconfigMerge.mergedYAML(ours: Self.writer("dr").yaml, existing: "\n", file: "k") == Self.writer("dr").yaml)
    }

    @Test("a file that is not a kubeconfig is refused with the file and the fix, not overwritten",
          arguments: [("[1, 2]", "is not a kubeconfig"), ("kind: Secret\n", "is not a kubeconfig"), ("a: [b\n", "is not valid YAML")])
    func refusesOtherFiles(_ content: String, _ message: String) {
        #expect {
            _ = try KubeconfigMerge.mergedYAML(ours: Self.writer("dr").yaml, existing: content, file: "/tmp/x.kubeconfig")
        } throws: { error in
            let text = "\(error)"
            return text.contains("/tmp/x.kubeconfig \(message)") && text.contains("remove it or pass another --kubeconfig-out")
        }
    }

    @Test("eight writers merging into one file at once all end up in it, mode 0600")
    func concurrentWriters() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-kubeconfig-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("shared.kubeconfig").path
        let names = (1...8).map { "cluster-\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for name in names {
                group.addTask { try await Task.detached { try Self.writer(name).write(to: path) }.value }
            }
            try await group.waitForAll()
        }
        let yaml = try String(contentsOfFile: path, encoding: .utf8)
        #expect(Set(try Self.names(yaml, "clusters")) == Set(names + names.map { "\($0)-readonly" }))
        #expect(try Self.names(yaml, "contexts").count == 24)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
