import TandemTestSupport

// Thin forward kept while other branches still add tests that use this module's old helper
// without importing TandemTestSupport; remove once they are merged.
typealias SplitMix64 = TandemTestSupport.SplitMix64
