import Foundation
import TandemKubeModel

/// Creates or updates objects from YAML/JSON manifests, like a minimal `kubectl apply`
/// (without the last-applied annotation: the manifest is merged into the live object —
/// maps merge, lists are replaced — and the server keeps status and server-set metadata).
public struct ManifestApplier: Sendable {
    public enum Outcome: String, Sendable { case created, configured, unchanged }

    public struct Result: Sendable, CustomStringConvertible {
        public var type: ResourceType
        public var name: String
        public var namespace: String?
        public var outcome: Outcome
        /// kubectl style: `rollout.argoproj.io/web created`.
        public var description: String {
            let kind = type.group.isEmpty ? type.singular : "\(type.singular).\(type.group)"
            return "\(kind)/\(name) \(outcome.rawValue)"
        }
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public let client: KubeClient
    public var types: [ResourceType]

    public init(client: KubeClient, types: [ResourceType] = ResourceType.all.filter { $0.verbs.contains("update") } + [.deployments]) {
        self.client = client
        self.types = types
    }

    /// Every object of every `.yaml`, `.yml` or `.json` file (a directory is read in name order, not recursively).
    public static func loadObjects(path: String) throws(Failure) -> [(source: String, object: JSON)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(description: "\(path): no such file or directory")
        }
        var files = [path]
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files = names.filter { ["yaml", "yml", "json"].contains(($0 as NSString).pathExtension.lowercased()) }
                .sorted().map { (path as NSString).appendingPathComponent($0) }
            if files.isEmpty { throw Failure(description: "\(path): no .yaml, .yml or .json files") }
        }
        var result: [(String, JSON)] = []
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw Failure(description: "\(file): cannot read the file")
            }
            let documents: [JSON]
            do { documents = try YAMLToJSON.parseAll(text) } catch { throw Failure(description: "\(file): \(error.description)") }
            for (index, document) in documents.enumerated() {
                let source = "\(file) (document \(index + 1))"
                if document["kind"].stringValue == "List" || document["kind"].stringValue?.hasSuffix("List") == true,
                   let items = document["items"].arrayValue {
                    result += items.map { (source, $0) }
                } else {
                    result.append((source, document))
                }
            }
        }
        return result
    }

    /// The resource type for an object's apiVersion and kind.
    public func resourceType(of object: JSON, source: String) throws(Failure) -> ResourceType {
        guard let kind = object["kind"].stringValue, let apiVersion = object["apiVersion"].stringValue else {
            throw Failure(description: "\(source): the object needs apiVersion and kind")
        }
        guard !object.name.isEmpty else { throw Failure(description: "\(source): \(kind) needs metadata.name") }
        guard let type = types.first(where: { $0.kind == kind && $0.apiVersion == apiVersion }) else {
            let known = types.map { "\($0.kind) (\($0.apiVersion))" }.joined(separator: ", ")
            throw Failure(description: "\(source): unknown kind \(kind) in \(apiVersion); supported: \(known)")
        }
        return type
    }

    /// Checks every object first (so nothing is applied from a file with an unknown kind), then applies them in order.
    public func apply(_ objects: [(source: String, object: JSON)]) async throws -> [Result] {
        var typed: [(ResourceType, JSON)] = []
        for (source, object) in objects { typed.append((try resourceType(of: object, source: source), object)) }
        var results: [Result] = []
        for (type, object) in typed { results.append(try await apply(object, as: type)) }
        return results
    }

    public func apply(_ object: JSON, as type: ResourceType) async throws -> Result {
        let namespace = type.namespaced ? (object.namespace ?? client.namespace) : nil
        var desired = object
        if let namespace { desired[path: ["metadata", "namespace"]] = .string(namespace) }
        desired["status"] = .null
        desired = .object((desired.objectValue ?? [:]).filter { !$0.value.isNull })
        let name = object.name
        for attempt in 1...KubeClient.conflictAttempts {
            guard let existing = try await client.getIfPresent(type, namespace: namespace, name: name) else {
                let created = await KubeClient.capture { () async throws(KubeError) -> JSON in
                    try await client.create(type, namespace: namespace, desired)
                }
                switch created {
                case .success: return Result(type: type, name: name, namespace: namespace, outcome: .created)
                case .failure(let error) where error.isAlreadyExists && attempt < KubeClient.conflictAttempts: continue
                case .failure(let error): throw error
                }
            }
            if KubeClient.sameContent(existing, desired) {
                return Result(type: type, name: name, namespace: namespace, outcome: .unchanged)
            }
            // Merge the manifest into the live object (maps merge, lists are replaced), so keys that
            // controllers add — e.g. the pod-template hash in a Service selector — survive, as with kubectl apply.
            var replacement = MergePatch.apply(desired, to: existing)
            replacement[path: ["metadata", "resourceVersion"]] = existing["metadata"]["resourceVersion"]
            let updated = await KubeClient.capture { () async throws(KubeError) -> JSON in
                try await client.update(type, namespace: namespace, replacement)
            }
            switch updated {
            case .success: return Result(type: type, name: name, namespace: namespace, outcome: .configured)
            case .failure(let error) where error.isConflict && attempt < KubeClient.conflictAttempts: continue
            case .failure(let error): throw error
            }
        }
        throw KubeError.operationFailed("\(type.kind) \(name): gave up after \(KubeClient.conflictAttempts) conflicting updates")
    }
}
