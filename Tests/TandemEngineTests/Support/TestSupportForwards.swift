import TandemTestSupport

// Thin forward kept while other branches still add tests that use this module's old helper
// name; remove once they are merged.
typealias WriteLockHolder = TandemTestSupport.SQLiteLockHolder

extension TandemTestSupport.SQLiteLockHolder {
    convenience init(database: String) throws { try self.init(path: database) }
}
