#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Caps glibc's malloc arenas for this process at two, unless `MALLOC_ARENA_MAX` says otherwise.
///
/// Why: glibc gives each thread that meets contention an arena of its own (up to 8 per core), and memory
/// freed in one arena is not reused by the others. tandem's threads (the cooperative pool, NIO's event loops,
/// the database queue) parse and drop large LIST and watch answers one after another, so each arena keeps
/// its own high-water mark: measured at 1,000 services (scripts/bench-release.sh), the peak RSS is 147 MiB
/// with the default and 135 MiB with two arenas, at no cost in wall or CPU time (tandem waits on the
/// network, it does not allocate in parallel). Called first thing, before any thread exists.
enum MallocArenas {
    /// glibc's `M_ARENA_MAX` (malloc.h); the Glibc module exports neither it nor `mallopt`.
    private static let arenaMaxOption: Int32 = -8
    static let limit: Int32 = 2

    static func limitUnlessConfigured(environment: [String: String] = ProcessInfo.processInfo.environment) {
        #if os(Linux)
        // A nil handle is RTLD_DEFAULT: the process's own glibc.
        guard environment["MALLOC_ARENA_MAX"] == nil, let symbol = dlsym(nil, "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMaxOption, limit)
        #endif
    }
}
