import Foundation
import Synchronization

/// The users file, parsed again only when it changes on disk (its modification time, size or inode), so
/// `tandem serve add-user` takes effect at once without every request re-reading and re-parsing YAML.
final class UsersFileCache: Sendable {
    private struct Stamp: Equatable {
        var modified: Date?
        var size: Int?
        var inode: Int?
    }

    private let path: String
    private let cached = Mutex<(Stamp, UsersFile)?>(nil)

    init(path: String) { self.path = path }

    func load() throws -> UsersFile {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let stamp = Stamp(modified: attributes?[.modificationDate] as? Date, size: (attributes?[.size] as? NSNumber)?.intValue,
                          inode: (attributes?[.systemFileNumber] as? NSNumber)?.intValue)
        if let (seen, users) = cached.withLock({ $0 }), seen == stamp, attributes != nil { return users }
        let users = try UsersFile.load(path: path)
        cached.withLock { $0 = (stamp, users) }
        return users
    }
}
