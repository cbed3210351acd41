import Foundation
import TandemTestSupport

/// Runs the real `kubectl kustomize` on generated kustomizations: the independent oracle for
/// tandem's ConfigMap names. Every value goes through `files:` so it reaches kustomize byte
/// for byte (literals strip quotes).
enum KustomizeOracle {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// For each generator (name → data), the hash suffix kustomize gives its ConfigMap.
    static func suffixes(_ generators: [(name: String, data: [String: String])]) throws -> [String: String] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tandem-kustomize-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var yaml = "configMapGenerator:\n"
        for (index, generator) in generators.enumerated() {
            yaml += "- name: \(generator.name)\n"
            guard !generator.data.isEmpty else { continue }
            yaml += "  files:\n"
            for (keyIndex, key) in generator.data.keys.sorted().enumerated() {
                let file = "v\(index)-\(keyIndex)"
                try Data(generator.data[key]!.utf8).write(to: directory.appendingPathComponent(file))
                yaml += "  - \(key)=\(file)\n"
            }
        }
        try yaml.write(to: directory.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
        let output = try kustomize(directory.path)
        return parseNames(output, generators: generators.map(\.name))
    }

    /// Runs `kubectl kustomize DIR` and returns its standard output.
    static func kustomize(_ directory: String) throws -> String {
        do {
            return try ProcessRunner.tool(["kubectl", "kustomize", directory])
        } catch let failure as ProcessRunner.ToolFailed {
            throw Failure(description: "kubectl kustomize failed: \(failure.result.stderr)")
        }
    }

    /// Maps each generator name to the suffix of the `metadata.name` kustomize printed.
    static func parseNames(_ output: String, generators: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("  name: ") {
            let full = String(line.dropFirst("  name: ".count))
            guard let dash = full.lastIndex(of: "-") else { continue }
            let base = String(full[..<dash])
            if generators.contains(base) { result[base] = String(full[full.index(after: dash)...]) }
        }
        return result
    }
}
