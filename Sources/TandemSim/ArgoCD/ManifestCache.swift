import Foundation

/// Rendered manifests per (repository, commit, path): a commit's tree never changes, so like
/// Argo CD's repo-server cache each one is rendered once (failures are not cached).
actor ManifestCache {
    private let renderer: ManifestRenderer
    private var entries: [String: ManifestRenderer.Rendered] = [:]
    private var order: [String] = []
    private let capacity = 64

    init(renderer: ManifestRenderer) {
        self.renderer = renderer
    }

    func rendered(repository: String, commit: String, path: String) async throws -> ManifestRenderer.Rendered {
        let key = "\(repository)\u{0}\(commit)\u{0}\(path)"
        if let hit = entries[key] { return hit }
        let rendered = try await renderer.render(repository: repository, commit: commit, path: path)
        entries[key] = rendered
        order.append(key)
        if order.count > capacity { entries[order.removeFirst()] = nil }
        return rendered
    }
}
