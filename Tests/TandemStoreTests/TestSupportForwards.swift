import TandemTestSupport

// Thin forward kept while other branches still add tests that use this module's old helper
// without importing TandemTestSupport; remove once they are merged.
typealias SQLiteLockHolder = TandemTestSupport.SQLiteLockHolder
