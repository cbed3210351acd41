import Synchronization
import TandemKubeModel

/// The resourceVersion each of this client's writes got back, per object. A cache consults it so a
/// read never serves a copy older than what this process itself wrote (`ClusterCache`).
public final class WriteLedger: Sendable {
    public struct Key: Hashable, Sendable {
        public var resource: ResourceType
        public var namespace: String
        public var name: String
    }

    public struct Collection: Hashable, Sendable {
        public var resource: ResourceType
        public var namespace: String
    }

    private let versions = Mutex<(objects: [Key: String], collections: [Collection: String])>(([:], [:]))

    public init() {}

    /// Records the answer to a create, update or patch (any object that carries its resourceVersion).
    func record(_ type: ResourceType, namespace: String, written: JSON) {
        let name = written.name
        guard !name.isEmpty, let version = written.resourceVersion else { return }
        versions.withLock {
            $0.objects[Key(resource: type, namespace: namespace, name: name)] = version
            let collection = Collection(resource: type, namespace: namespace)
            if let before = $0.collections[collection], let old = UInt64(before), let new = UInt64(version), old > new { return }
            $0.collections[collection] = version
        }
    }

    /// The resourceVersion of this client's last write of the object, if it wrote it.
    public func lastWrite(_ type: ResourceType, namespace: String, name: String) -> String? {
        versions.withLock { $0.objects[Key(resource: type, namespace: namespace, name: name)] }
    }

    /// The newest resourceVersion any of this client's writes in the collection got back.
    public func lastWrite(_ type: ResourceType, namespace: String) -> String? {
        versions.withLock { $0.collections[Collection(resource: type, namespace: namespace)] }
    }
}
