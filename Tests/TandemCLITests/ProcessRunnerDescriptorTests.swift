import Foundation
import Testing
import TandemTestSupport

/// ProcessRunner runs every `tandem` of the end-to-end suites; each run used to leave its
/// output files open, and past ~1,300 descriptors Foundation's Process.run() crashed the suite.
@Suite("ProcessRunner's descriptors")
struct ProcessRunnerDescriptorTests {
    @Test("running a child 100 times, with input and separate error output, leaves no descriptor open")
    func noDescriptorLeftOpen() throws {
        let opened = try OpenDescriptors.opened(over: 100) {
            let result = try ProcessRunner.run("/bin/sh", ["-c", "cat; echo err >&2"], stdin: "in\n")
            #expect(result.stdout == "in\n" && result.stderr == "err\n")
        }
        #expect(opened.count < 10, "\(opened.count) descriptors more after 100 runs, first: \(opened.prefix(6))")
    }

    @Test("merged output leaves no descriptor open either")
    func mergedOutputLeavesNone() throws {
        let opened = try OpenDescriptors.opened(over: 100) {
            let result = try ProcessRunner.run("/bin/sh", ["-c", "echo out; echo err >&2"], mergeOutput: true)
            #expect(result.stdout == "out\nerr\n")
        }
        #expect(opened.count < 10, "\(opened.count) descriptors more after 100 runs, first: \(opened.prefix(6))")
    }
}
