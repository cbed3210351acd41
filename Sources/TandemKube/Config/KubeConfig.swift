import Foundation
import TandemKubeModel

/// One or more kubeconfig files merged by kubectl's rules: for `clusters`, `users` and
/// `contexts` the first file that defines a name wins, and `current-context` comes from the
/// first file that sets it. Each entry remembers its file and index for error messages.
public struct KubeConfig: Sendable {
    public struct Entry: Sendable {
        public var name: String
        /// The inner object (`cluster`, `user` or `context`).
        public var value: JSON
        public var file: String
        /// `clusters[2].cluster` — where the inner object lives in its file.
        public var fieldPath: String
    }

    public var clusters: [String: Entry] = [:]
    public var users: [String: Entry] = [:]
    public var contexts: [String: Entry] = [:]
    public var currentContext: String?
    public var currentContextFile: String?
    public var files: [String] = []

    public init() {}

    /// Parses one file's text.
    public static func parse(_ text: String, file: String) throws(KubeConfigError) -> KubeConfig {
        let document: JSON
        do {
            document = try YAMLToJSON.parse(text)
        } catch {
            throw KubeConfigError(file: file, error.description)
        }
        var config = KubeConfig()
        config.files = [file]
        if document.isNull { return config }
        guard document.objectValue != nil else { throw KubeConfigError(file: file, "not a kubeconfig (expected a YAML mapping)") }
        for (section, inner, target) in [("clusters", "cluster", \KubeConfig.clusters), ("users", "user", \.users),
                                         ("contexts", "context", \.contexts)] {
            let list = document[section]
            if list.isNull { continue }
            guard let items = list.arrayValue else { throw KubeConfigError(file: file, field: section, "expected a list") }
            for (index, item) in items.enumerated() {
                guard let name = item["name"].stringValue, !name.isEmpty else {
                    throw KubeConfigError(file: file, field: "\(section)[\(index)].name", "missing name")
                }
                if config[keyPath: target][name] == nil {
                    config[keyPath: target][name] = Entry(name: name, value: item[inner], file: file,
                                                          fieldPath: "\(section)[\(index)].\(inner)")
                }
            }
        }
        if let current = document["current-context"].stringValue, !current.isEmpty {
            config.currentContext = current
            config.currentContextFile = file
        }
        return config
    }

    /// Reads and parses one file.
    public static func load(file: String) throws(KubeConfigError) -> KubeConfig {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw KubeConfigError(file: file, "cannot read the file: \(FileManager.default.fileExists(atPath: file) ? "permission denied or not UTF-8" : "no such file")")
        }
        return try parse(text, file: file)
    }

    /// `self` first, then `other`: existing names and current-context are kept.
    public func merging(_ other: KubeConfig) -> KubeConfig {
        var result = self
        result.clusters.merge(other.clusters) { first, _ in first }
        result.users.merge(other.users) { first, _ in first }
        result.contexts.merge(other.contexts) { first, _ in first }
        if result.currentContext == nil {
            result.currentContext = other.currentContext
            result.currentContextFile = other.currentContextFile
        }
        result.files += other.files
        return result
    }
}
