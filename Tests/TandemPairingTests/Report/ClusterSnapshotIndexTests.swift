import Testing
import TandemTestSupport
import TandemKubeModel
@testable import TandemPairing

/// The snapshot answers lookups from indexes; these tests hold them to what a plain scan of the
/// lists answers (the first match, newest revision first), on random worlds.
@Suite("cluster snapshot lookups")
struct ClusterSnapshotIndexTests {
    /// A random world: rollouts a0…aN in two namespaces, with or without UIDs; ReplicaSets owned by
    /// UID, by another UID, or only selected by labels; Services and ConfigMaps with duplicate names.
    static func world(seed: UInt64) -> ClusterSnapshot {
        var random = SplitMix64(seed: seed)
        let namespaces = ["legacy", "other"]
        var rollouts: [JSON] = [], replicaSets: [JSON] = [], services: [JSON] = [], configMaps: [JSON] = []
        for index in 0..<12 {
            let app = "a\(Int.random(in: 0..<8, using: &random))"
            let uid: String? = Bool.random(using: &random) ? "uid-\(index)" : nil
            var rollout = Fixtures.blueGreen("r\(index)", app: app, active: "\(app)-active", preview: "\(app)-preview",
                                             stable: nil, current: nil, uid: uid)
            rollout[path: ["metadata", "namespace"]] = .string(namespaces.randomElement(using: &random)!)
            rollouts.append(rollout)
        }
        for index in 0..<60 {
            let app = "a\(Int.random(in: 0..<8, using: &random))"
            var replicaSet = Fixtures.replicaSet("rs\(index % 7)", app: app, hash: "h\(index)", image: "x:1",
                                                 revision: Int.random(in: 1...5, using: &random))
            replicaSet[path: ["metadata", "namespace"]] = .string(namespaces.randomElement(using: &random)!)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: replicaSet[path: ["metadata", "ownerReferences"]] =
                [["kind": "Rollout", "name": "r", "uid": .string("uid-\(Int.random(in: 0..<12, using: &random))"), "controller": true]]
            case 1: replicaSet[path: ["metadata", "ownerReferences"]] = [["kind": "Rollout", "name": "r", "uid": "elsewhere", "controller": true]]
            default: break
            }
            replicaSets.append(replicaSet)
        }
        for index in 0..<30 {
            let hash = "h\(Int.random(in: 0..<60, using: &random))"
            var service = Int.random(in: 0..<2, using: &random) == 0
                ? Fixtures.service("s\(index % 9)", selector: ["app": "a1"])
                : Fixtures.service("pin-\(index % 9)", selector: ["app": "a1", TandemLabels.podTemplateHash: hash],
                                   labels: [TandemLabels.managedBy: TandemLabels.managedByValue, TandemLabels.revision: hash,
                                            TandemLabels.service: "svc\(Int.random(in: 0..<3, using: &random))"])
            service[path: ["metadata", "namespace"]] = .string(namespaces.randomElement(using: &random)!)
            service[path: ["metadata", "uid"]] = .string("service-\(index)")
            services.append(service)
            var configMap = Fixtures.plainConfigMap("c\(index % 11)", data: ["k": "\(index)"])
            configMap[path: ["metadata", "namespace"]] = .string(namespaces.randomElement(using: &random)!)
            configMaps.append(configMap)
        }
        return ClusterSnapshot(rollouts: rollouts, replicaSets: replicaSets, services: services, configMaps: configMaps)
    }

    static func scanReplicaSets(_ snapshot: ClusterSnapshot, of rollout: Rollout) -> [String] {
        snapshot.replicaSets.map(ReplicaSet.init).filter { replicaSet in
            guard (replicaSet.namespace ?? "") == (rollout.namespace ?? "") else { return false }
            if let uid = rollout.uid, let owner = replicaSet.controllerUID { return owner == uid }
            return !rollout.selector.isEmpty && rollout.selector.matches(replicaSet.template.labels)
        }.sorted { ($0.revision ?? 0, $0.name) > ($1.revision ?? 0, $1.name) }.map(\.name)
    }

    @Test("revisions of a Rollout, objects by name and pinned Services agree with a scan of the lists", arguments: 0..<40)
    func indexesAgreeWithScans(seed: UInt64) {
        let snapshot = Self.world(seed: seed)
        for raw in snapshot.rollouts {
            let rollout = Rollout(raw)
            #expect(snapshot.replicaSets(of: rollout).map(\.name) == Self.scanReplicaSets(snapshot, of: rollout))
        }
        for namespace in ["legacy", "other", "missing"] {
            for index in 0..<12 {
                let first = { (objects: [JSON], name: String) in
                    objects.first { $0.name == name && ($0.namespace ?? "") == namespace }
                }
                #expect(snapshot.rollout(namespace, "r\(index)")?.raw == first(snapshot.rollouts, "r\(index)"))
                #expect(snapshot.service(namespace, "s\(index)")?.raw == first(snapshot.services, "s\(index)"))
                #expect(snapshot.configMap(namespace, "c\(index)")?.raw == first(snapshot.configMaps, "c\(index)"))
            }
            for hash in (0..<60).map({ "h\($0)" }) {
                for owner in ["svc0", "svc1", "svc2"] {
                    let scanned = snapshot.services.map(Service.init).first {
                        ($0.namespace ?? "") == namespace && $0.labels[TandemLabels.revision] == hash
                            && $0.labels[TandemLabels.service] == TandemLabels.labelValue(owner)
                            && TandemLabels.isManagedByTandem($0.labels)
                    }
                    #expect(snapshot.pinnedService(namespace, revision: hash, service: owner)?.raw == scanned?.raw)
                }
            }
        }
    }

    @Test("assigning a list after creation re-indexes it")
    func reindexOnAssignment() {
        var snapshot = ClusterSnapshot()
        #expect(snapshot.configMap(Fixtures.namespace, "late") == nil)
        snapshot.configMaps += [Fixtures.plainConfigMap("late", data: ["k": "v"])]
        #expect(snapshot.configMap(Fixtures.namespace, "late")?.data["k"] == "v")
        snapshot.replicaSets = [Fixtures.replicaSet("web", app: "web", hash: "abc", image: "x:1")]
        let rollout = Rollout(Fixtures.blueGreen("web", app: "web", active: "a", preview: "p", stable: nil, current: nil))
        #expect(snapshot.replicaSets(of: rollout).map(\.name) == ["web-abc"])
    }
}
