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

    @Test("a * inside a plain verify path loads (it is not an alias)")
    func starInPlainPath() throws {
        let text = PlanText.plan(PlanText.twoServices + ["      verify:", "        path: /health/*"])
        let diagnostics = try #require(BoundedLoad.diagnostics(text, within: 5), "loading did not finish")
        #expect(diagnostics == [])
    }

    @Test("a * inside a plain image value is reported as an invalid repository, not looped on")
    func starInPlainImage() throws {
        var lines = PlanText.twoServices
        lines[2] = "      image: x/a*b"  // line 8
        let text = PlanText.plan(lines)
        _ = try #require(BoundedLoad.diagnostics(text, within: 5), "loading did not finish")
        #expect(PlanText.lines(text) == ["8:14: error: image \"x/a*b\" is not a valid repository name"])
    }

    @Test("a * inside a key is reported as an unknown key, not looped on")
    func starInKey() throws {
        let text = PlanText.plan(PlanText.twoServices + ["      ver*ify:", "        path: /health"])
        _ = try #require(BoundedLoad.diagnostics(text, within: 5), "loading did not finish")
        #expect(PlanText.lines(text) == ["13:7: error: unknown key \"ver*ify\" in service \"frontend\""])
    }

    @Test("an alias after a * in a plain value is still counted")
    func aliasAfterPlainStar() {
        let aliases = Array(repeating: "*a", count: YAMLGuard.maxAliases + 1).joined(separator: ", ")
        let text = PlanText.plan(["  x: &a a*b", "  y: [" + aliases + "]"] + PlanText.twoServices)
        #expect(PlanText.diagnostics(text).map(\.kind) == [.tooManyAliases])
    }
}
