import Foundation

/// The server's webhook settings, written by `tandem serve` to `notify.json` beside the database so the
/// engine (another process) composes the same notifications: `NotificationComposer.load(besideDatabase:)`.
extension NotificationComposer {
    private struct Stored: Codable {
        var targets: [Target]
        var events: [String]?
        var baseURL: String
        struct Target: Codable { var url: String; var format: String }
    }

    public static func settingsPath(besideDatabase dbPath: String) -> String {
        URL(fileURLWithPath: dbPath).deletingLastPathComponent().appendingPathComponent("notify.json").path
    }

    public func save(besideDatabase dbPath: String) throws {
        let stored = Stored(targets: targets.map { .init(url: $0.url, format: $0.format.rawValue) },
                            events: events.map { $0.sorted() }, baseURL: baseURL)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let path = Self.settingsPath(besideDatabase: dbPath)
        FileManager.default.createFile(atPath: path, contents: try encoder.encode(stored), attributes: [.posixPermissions: 0o600])
    }

    /// The composer the server saved, or nil when no server configured webhooks.
    public static func load(besideDatabase dbPath: String) -> NotificationComposer? {
        guard let data = FileManager.default.contents(atPath: settingsPath(besideDatabase: dbPath)),
              let stored = try? JSONDecoder().decode(Stored.self, from: data) else { return nil }
        return NotificationComposer(
            targets: stored.targets.map { WebhookTarget(url: $0.url, format: WebhookTarget.Format(rawValue: $0.format) ?? .json) },
            events: stored.events.map(Set.init), baseURL: stored.baseURL)
    }
}
