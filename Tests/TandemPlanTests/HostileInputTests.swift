import Foundation
import Testing
@testable import TandemPlan

@Suite("Hostile input")
struct HostileInputTests {
    @Test("text over 16 MiB is refused without parsing")
    func tooLargeText() {
        let text = PlanText.plan(PlanText.twoServices) + String(repeating: "#", count: PlanLoader.maxFileBytes)
        let diagnostics = PlanText.diagnostics(text)
        #expect(diagnostics.map(\.kind) == [.tooLarge])
        #expect(diagnostics.first?.position == nil)
    }

    @Test("a file over 16 MiB is refused by its size")
    func tooLargeFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-big-\(UUID().uuidString).yaml")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(PlanLoader.maxFileBytes + 1))
        try handle.close()
        defer { try? FileManager.default.removeItem(at: url) }
        let error = try #require(throws: PlanLoadError.self) { try PlanLoader.load(path: url.path) }
        #expect(error.description == "\(url.path): error: the file is 16777217 bytes; plans are limited to 16777216 bytes (16 MiB)\n"
            + "  hint: a plan lists services and their dependencies; check that this is the right file")
    }

    @Test("a missing file is reported without a position")
    func missingFile() throws {
        let error = try #require(throws: PlanLoadError.self) { try PlanLoader.load(path: "/nonexistent/plan.yaml") }
        #expect(error.diagnostics.map(\.kind) == [.unreadable])
        #expect(error.description.hasPrefix("/nonexistent/plan.yaml: error: no such file"))
    }

    @Test("a block-indented depth bomb is refused", arguments: [100, 3000])
    func blockDepthBomb(levels: Int) {
        var lines = ["  services:"]
        for level in 0..<levels { lines.append(String(repeating: " ", count: 4 + level) + "- ") }
        let diagnostics = PlanText.diagnostics(PlanText.plan(lines))
        #expect(diagnostics.map(\.kind) == [.tooDeep])
    }

    @Test("a compact-sequence depth bomb on one line is refused")
    func compactDepthBomb() {
        let diagnostics = PlanText.diagnostics(PlanText.plan(["  services:", "    " + String(repeating: "- ", count: 5000) + "x"]))
        #expect(diagnostics.map(\.kind) == [.tooDeep])
    }

    @Test("a flow depth bomb of 100,000 brackets is refused")
    func flowDepthBomb() {
        let text = PlanText.plan(["  services: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)])
        #expect(PlanText.diagnostics(text).map(\.kind) == [.tooDeep])
    }

    @Test("aliases within the budget cannot make the decoder walk more than the text holds")
    func aliasFanOutBudget() {
        var lines = ["  services:"]
        lines.append("    - &s {name: a, image: x/a, dependsOn: &d [" + Array(repeating: "{service: b}", count: 2000).joined(separator: ", ") + "]}")
        for _ in 0..<60 { lines.append("    - {name: a, image: x/a, dependsOn: *d}") }
        let diagnostics = PlanText.diagnostics(PlanText.plan(lines))
        #expect(diagnostics.map(\.kind).contains(.tooManyAliases))
    }

    @Test("explicit keys are refused with a hint")
    func explicitKey() {
        let diagnostics = PlanText.diagnostics(PlanText.plan(["  ? namespace", "  : x"] + PlanText.twoServices))
        #expect(diagnostics.map(\.kind) == [.unsupportedYAML])
        #expect(diagnostics.first?.position == SourcePosition(line: 6, column: 3))
    }
}
