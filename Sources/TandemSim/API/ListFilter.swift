import Foundation
import TandemKubeModel

/// List selectors from the query string: a label selector and `metadata.name` /
/// `metadata.namespace` field selectors with `=`, `==` or `!=` (the field labels every kind supports).
struct ListFilter: Sendable {
    var labels = LabelSelector()
    var name: String?
    var namespace: String?
    var excludedNames: [String] = []
    var excludedNamespaces: [String] = []

    init(_ query: [String: String]) throws(APIStatus) {
        if let text = query["labelSelector"], !text.isEmpty {
            do { labels = try LabelSelector(parsing: text) } catch {
                throw APIStatus.badRequest("unable to parse requirement: \(error.description)")
            }
        }
        for term in (query["fieldSelector"] ?? "").split(separator: ",").map(String.init) {
            let negated = term.contains("!=")
            let parts = (negated ? term.replacingOccurrences(of: "!=", with: "=") : term.replacingOccurrences(of: "==", with: "="))
                .split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else {
                throw APIStatus.badRequest("invalid selector: '\(term)'; can't understand '\(term)'")
            }
            switch (parts[0], negated) {
            case ("metadata.name", false): name = parts[1]
            case ("metadata.name", true): excludedNames.append(parts[1])
            case ("metadata.namespace", false): namespace = parts[1]
            case ("metadata.namespace", true): excludedNamespaces.append(parts[1])
            default: throw APIStatus.badRequest("field label not supported: \(parts[0])")
            }
        }
    }

    /// No selector at all: every object matches and watch events pass unchanged.
    var isEmpty: Bool {
        labels.isEmpty && name == nil && namespace == nil && excludedNames.isEmpty && excludedNamespaces.isEmpty
    }

    func matches(_ object: JSON) -> Bool {
        if let name, object.name != name { return false }
        if let namespace, object.namespace != namespace { return false }
        if excludedNames.contains(object.name) { return false }
        if let ns = object.namespace, excludedNamespaces.contains(ns) { return false }
        return labels.isEmpty || labels.matches(object.labels)
    }

    /// What a filtered watch sends for a change (the API server's watch cache, cacher/cache_watcher.go
    /// convertToWatchEvent): MODIFIED while the object matches before and after, ADDED when it comes
    /// to match, DELETED — with the old content at the new resourceVersion — when it stops matching,
    /// nothing when it matches neither time.
    func project(_ event: WatchEvent) -> (kind: WatchEvent.Kind, object: JSON)? {
        if isEmpty { return (event.kind, event.object) }
        if event.kind == .deleted { return matches(event.object) ? (.deleted, event.object) : nil }
        let now = matches(event.object)
        let before = event.previous.map(matches) ?? false
        switch (before, now) {
        case (false, true): return (.added, event.object)
        case (true, true): return (event.kind, event.object)
        case (true, false):
            var old = event.previous ?? event.object
            old[path: ["metadata", "resourceVersion"]] = event.object["metadata"]["resourceVersion"]
            return (.deleted, old)
        case (false, false): return nil
        }
    }
}
