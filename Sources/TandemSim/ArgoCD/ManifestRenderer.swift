import Foundation
import TandemKubeModel
import Yams

/// Renders an Application's source at one commit into objects, as Argo CD's repo-server does:
/// a directory with a kustomization is built with the real kustomize (`kustomize build`, or
/// `kubectl kustomize` where that is what is installed); any other directory is read as plain
/// manifests (`*.yaml`, `*.yml`, `*.json`, not recursive — Argo CD's "Directory" source).
struct ManifestRenderer: Sendable {
    struct Rendered: Sendable {
        let objects: [JSON]
        /// `status.sourceType`: Kustomize or Directory.
        let sourceType: String
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let kustomizeCommand: [String]?

    static let kustomizationFiles = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// The kustomize command line used for `directory`.
    func kustomize(_ directory: String) throws -> [String] {
        if let kustomizeCommand { return kustomizeCommand + [directory] }
        if ToolRunner.which("kustomize") != nil { return ["kustomize", "build", directory] }
        if ToolRunner.which("kubectl") != nil { return ["kubectl", "kustomize", directory] }
        throw Failure(description: "neither kustomize nor kubectl is installed; tandem sim renders kustomizations with one of them")
    }

    func render(repository: String, commit: String, path: String) async throws -> Rendered {
        let tree = try await GitRevisionSource.export(repository: repository, commit: commit)
        defer { try? FileManager.default.removeItem(at: tree) }
        let directory = path.isEmpty || path == "." ? tree : tree.appendingPathComponent(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(description: "app path does not exist: \(path) at \(commit)")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        if entries.contains(where: Self.kustomizationFiles.contains) {
            let command = try kustomize(directory.path)
            let output = try await ToolRunner.run(command, in: directory.path)
            guard output.ok else {
                let shown = command.map { $0.hasPrefix(tree.path) ? "." + $0.dropFirst(tree.path.count) : $0 }.joined(separator: " ")
                throw Failure(description: "`\(shown)` failed exit status \(output.status): \(output.stderr)")
            }
            return Rendered(objects: try Self.parse(output.text, origin: "kustomize output"), sourceType: "Kustomize")
        }
        var objects: [JSON] = []
        for entry in entries.sorted() where [".yaml", ".yml", ".json"].contains(where: entry.hasSuffix) {
            let text = try String(contentsOf: directory.appendingPathComponent(entry), encoding: .utf8)
            objects += try Self.parse(text, origin: path.isEmpty ? entry : "\(path)/\(entry)")
        }
        return Rendered(objects: objects, sourceType: "Directory")
    }

    /// Every YAML document of a multi-document stream that is a Kubernetes object (Lists are flattened).
    static func parse(_ text: String, origin: String) throws -> [JSON] {
        var objects: [JSON] = []
        do {
            for node in try Yams.compose_all(yaml: text) {
                let value = json(node)
                if value.isNull { continue }
                guard value.objectValue != nil, value["kind"].stringValue != nil, value["apiVersion"].stringValue != nil else {
                    throw Failure(description: "\(origin): a document is not a Kubernetes object (it needs apiVersion and kind)")
                }
                if value["kind"].stringValue?.hasSuffix("List") == true, let items = value["items"].arrayValue {
                    objects += items
                } else {
                    objects.append(value)
                }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "\(origin): invalid YAML: \(error)")
        }
        return objects
    }

    /// YAML node → JSON with the core schema's scalar types (quoted scalars stay strings).
    static func json(_ node: Node) -> JSON {
        switch node {
        case .scalar(let scalar):
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return node.bool.map(JSON.bool) ?? .string(scalar.string)
            case Tag.Name.int.rawValue: return node.int.map(JSON.int) ?? .string(scalar.string)
            case Tag.Name.float.rawValue: return node.float.map(JSON.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object: [String: JSON] = [:]
            for (key, value) in mapping { object[key.string ?? ""] = json(value) }
            return .object(object)
        case .sequence(let sequence):
            return .array(sequence.map(json))
        case .alias:
            return .null
        }
    }
}
