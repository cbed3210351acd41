import TandemTestSupport

// Thin forward kept while other branches still add tests that use this module's old helper
// name; remove once they are merged.
typealias SeededRandom = TandemTestSupport.SplitMix64
