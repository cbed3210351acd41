import Foundation

/// The dependency graph as Graphviz DOT or a Mermaid flowchart. Edges point from the consumer
/// to the dependency it calls (`frontend → backend`), labelled with the ConfigMap key written,
/// if any. Services are grouped into one box per deploy wave.
public enum GraphRenderer {
    public static func dot(plan: ReleasePlan, order: ReleaseOrder) -> String {
        var lines = ["digraph \(quoted(plan.name)) {", "  rankdir=LR;", "  node [shape=box, style=rounded];"]
        for (index, wave) in order.deployWaves.enumerated() {
            lines.append("  subgraph \(quoted("cluster_wave\(index + 1)")) {")
            lines.append("    label=\(quoted("deploy wave \(index + 1)"));")
            for name in wave { lines.append("    \(quoted(name));") }
            lines.append("  }")
        }
        for service in plan.services {
            for dependency in service.dependsOn {
                let label = dependency.key.map { " [label=\(quoted($0))]" } ?? " [style=dashed]"
                lines.append("  \(quoted(service.name)) -> \(quoted(dependency.service))\(label);")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    public static func mermaid(plan: ReleasePlan, order: ReleaseOrder) -> String {
        var ids: [String: String] = [:]
        for (index, service) in plan.services.enumerated() { ids[service.name] = "s\(index)" }
        var lines = ["flowchart LR"]
        for (index, wave) in order.deployWaves.enumerated() {
            lines.append("  subgraph wave\(index + 1)[\"deploy wave \(index + 1)\"]")
            for name in wave { lines.append("    \(ids[name]!)[\"\(name)\"]") }
            lines.append("  end")
        }
        for service in plan.services {
            for dependency in service.dependsOn {
                guard let from = ids[service.name], let to = ids[dependency.service] else { continue }
                if let key = dependency.key {
                    lines.append("  \(from) -->|\"\(key)\"| \(to)")
                } else {
                    lines.append("  \(from) -.-> \(to)")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A DOT double-quoted ID.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
