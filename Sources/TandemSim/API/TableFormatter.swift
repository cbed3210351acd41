import Foundation
import TandemKubeModel

/// `meta.k8s.io/v1 Table` responses for kubectl's human-readable output
/// (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`).
enum TableFormatter {
    struct Column {
        let name: String
        let type: String
        let cell: (JSON, Date) -> JSON
    }

    static func wantsTable(_ accept: String?) -> Bool {
        guard let accept else { return false }
        return accept.split(separator: ",").contains { part in
            part.contains("as=Table") && part.contains("g=meta.k8s.io") && part.contains("v=v1") && !part.contains("v1beta1")
        }
    }

    static func table(_ type: ResourceType, _ objects: [JSON], resourceVersion: String?, now: Date = Date()) -> JSON {
        let columns = self.columns(type)
        var definitions: [JSON] = []
        for (index, column) in columns.enumerated() {
            definitions.append([
                "name": .string(column.name), "type": .string(column.type),
                "format": index == 0 ? "name" : "", "description": .string(column.name), "priority": 0,
            ])
        }
        let rows: [JSON] = objects.map { object in
            ["cells": .array(columns.map { $0.cell(object, now) }), "object": object]
        }
        var metadata: JSON = [:]
        if let resourceVersion { metadata["resourceVersion"] = .string(resourceVersion) }
        return ["kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": metadata,
                "columnDefinitions": .array(definitions), "rows": .array(rows)]
    }

    static func age(_ object: JSON, _ now: Date) -> JSON {
        guard let created = object.creationTimestamp.flatMap(KubeTime.parse) else { return "<unknown>" }
        return .string(humanDuration(now.timeIntervalSince(created)))
    }

    /// kubectl's short duration style: 45s, 5m10s, 3h, 2d.
    static func humanDuration(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        if s < 120 { return "\(s)s" }
        let m = s / 60
        if m < 10 { return s % 60 == 0 ? "\(m)m" : "\(m)m\(s % 60)s" }
        if m < 180 { return "\(m)m" }
        let h = m / 60
        if h < 48 { return "\(h)h" }
        return "\(h / 24)d"
    }

    private static func int(_ value: JSON) -> JSON { .int(value.intValue ?? 0) }

    private static func columns(_ type: ResourceType) -> [Column] {
        let name = Column(name: "Name", type: "string") { o, _ in .string(o.name) }
        let age = Column(name: "Age", type: "string", cell: age)
        switch type {
        case .rollouts:
            return [name,
                    Column(name: "Desired", type: "integer") { o, _ in int(o["spec"]["replicas"]) },
                    Column(name: "Current", type: "integer") { o, _ in int(o["status"]["replicas"]) },
                    Column(name: "Up-to-date", type: "integer") { o, _ in int(o["status"]["updatedReplicas"]) },
                    Column(name: "Available", type: "integer") { o, _ in int(o["status"]["availableReplicas"]) },
                    age]
        case .replicaSets:
            return [name,
                    Column(name: "Desired", type: "integer") { o, _ in int(o["spec"]["replicas"]) },
                    Column(name: "Current", type: "integer") { o, _ in int(o["status"]["replicas"]) },
                    Column(name: "Ready", type: "integer") { o, _ in int(o["status"]["readyReplicas"]) },
                    age]
        case .pods:
            return [name,
                    Column(name: "Ready", type: "string") { o, _ in
                        let statuses = o["status"]["containerStatuses"].arrayValue ?? []
                        let total = max(statuses.count, o["spec"]["containers"].arrayValue?.count ?? 0)
                        return .string("\(statuses.filter { $0["ready"].boolValue == true }.count)/\(total)")
                    },
                    Column(name: "Status", type: "string") { o, _ in .string(o["status"]["phase"].stringValue ?? "Pending") },
                    Column(name: "Restarts", type: "string") { _, _ in "0" },
                    age]
        case .services:
            return [name,
                    Column(name: "Type", type: "string") { o, _ in .string(o["spec"]["type"].stringValue ?? "ClusterIP") },
                    Column(name: "Cluster-IP", type: "string") { o, _ in .string(o["spec"]["clusterIP"].stringValue ?? "<none>") },
                    Column(name: "External-IP", type: "string") { _, _ in "<none>" },
                    Column(name: "Port(s)", type: "string") { o, _ in
                        let ports = (o["spec"]["ports"].arrayValue ?? []).map { "\($0["port"].intValue ?? 0)/\($0["protocol"].stringValue ?? "TCP")" }
                        return .string(ports.isEmpty ? "<none>" : ports.joined(separator: ","))
                    },
                    Column(name: "Selector", type: "string") { o, _ in
                        let s = o["spec"]["selector"].stringMap.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                        return .string(s.isEmpty ? "<none>" : s.joined(separator: ","))
                    },
                    age]
        case .configMaps:
            return [name, Column(name: "Data", type: "integer") { o, _ in
                .int((o["data"].objectValue?.count ?? 0) + (o["binaryData"].objectValue?.count ?? 0))
            }, age]
        case .namespaces:
            return [name, Column(name: "Status", type: "string") { o, _ in .string(o["status"]["phase"].stringValue ?? "Active") }, age]
        case .applications:   // Argo CD's CRD printer columns
            return [name,
                    Column(name: "Sync Status", type: "string") { o, _ in .string(o["status"]["sync"]["status"].stringValue ?? "") },
                    Column(name: "Health Status", type: "string") { o, _ in .string(o["status"]["health"]["status"].stringValue ?? "") },
                    age]
        case .analysisRuns:   // Argo Rollouts' CRD printer columns
            return [name, Column(name: "Status", type: "string") { o, _ in .string(o["status"]["phase"].stringValue ?? "") }, age]
        case .leases:
            return [name, Column(name: "Holder", type: "string") { o, _ in .string(o["spec"]["holderIdentity"].stringValue ?? "") }, age]
        default:
            return [name, age]
        }
    }
}
