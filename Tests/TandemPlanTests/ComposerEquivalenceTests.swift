import Foundation
import Testing
import TandemTestSupport
@testable import TandemPlan
import Yams

/// The plan loader composes YAML with its own libyaml event reader instead of `Yams.compose`
/// (issue 11: a 5 MiB plan took seconds). Its trees and errors must be exactly Yams' ones:
/// same values, styles and line:column, same error messages and positions.
@Suite("YAML composer matches Yams")
struct ComposerEquivalenceTests {
    static let edgeCases: [String] = [
        "",
        "# only a comment\n",
        "---\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\na: 2\n",
        "a: 1\n'a': 2\n\"a\": 3\n",
        "b: 1\na: 2\nb: 3\na: 4\n",
        "!x a: 1\na: 2\n",
        "x: !!str 12\ny: !custom\n  z: 1\n",
        "base: &b {x: 1, y: [1, 2]}\ncopy: *b\nother: *missing\n",
        "list: &l\n  - a\n  - b\nagain: *l\n",
        "a: &x 1\nb: *x\na2: &x 2\nc: *x\n",
        "text: |\n  line one\n  line two\nfolded: >-\n  folded\n  text\n",
        "q: 'it''s'\nd: \"tab\\tand \\u00e9\"\nplain: caf\u{e9} \u{1F680} ok\n",
        "flow: {a: [1, {b: c}], d: e}\n",
        "[a, b]: 1\n[a, b]: 2\n",
        "{a: 1}: x\n{a: 1}: y\n",
        "a:\n\t- tab\n",
        "a: [1, 2\n",
        "a: 'unclosed\n",
        "  a: 1\n b: 2\n",
        "- a\nb: c\n",
        "a: b: c\n",
        "%YAML 1.1\n---\na: 1\n",
        "\u{FEFF}a: 1\n",
        "key: value # comment\nempty:\nnull: ~\n",
    ]

    @Test("edge cases compose to the same tree or the same error as Yams")
    func edgeCasesMatch() throws {
        for text in Self.edgeCases { try expectSame(text) }
    }

    @Test("the example plans and fixtures compose to the same trees as Yams")
    func examplesMatch() throws {
        for path in try Self.examplePaths() {
            try expectSame(String(contentsOfFile: path, encoding: .utf8), label: path)
        }
    }

    @Test("randomly damaged plans compose to the same tree or the same error as Yams", arguments: [UInt64(7), 99, 0xBEEF])
    func mutationsMatch(seed: UInt64) throws {
        let original = try String(contentsOfFile: PlanLoaderTests.fixture("loan-app.yaml"), encoding: .utf8)
        var rng = SplitMix64(seed: seed)
        var compared = 0
        for _ in 0..<300 {
            let text = PlanMutationPropertyTests.mutate(original, mutations: Int.random(in: 1...6, using: &rng), rng: &rng)
            // The loader composes only what the guard lets through (bombs never reach either composer).
            guard YAMLGuard.scan(text) == nil else { continue }
            try expectSame(text)
            compared += 1
        }
        #expect(compared > 200)
    }

    static func examplePaths() throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let plans = root.appendingPathComponent("plans").path
        let fixtures = URL(fileURLWithPath: PlanLoaderTests.fixture("loan-app.yaml")).deletingLastPathComponent().path
        var paths: [String] = []
        for directory in [plans, fixtures] {
            for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() where name.hasSuffix(".yaml") {
                paths.append(directory + "/" + name)
            }
        }
        #expect(paths.count >= 5)
        return paths
    }

    private func expectSame(_ text: String, label: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let label = label ?? text
        let yams = Result { try Yams.compose(yaml: text, .basic) }
        let ours = Result { () throws(YAMLComposeError) in try YAMLComposer.compose(text) }
        switch (yams, ours) {
        case let (.success(expected), .success(actual)):
            switch (expected, actual) {
            case (nil, nil): break
            case let (expected?, actual?):
                #expect(Self.same(expected, actual), "tree differs for:\n\(label)", sourceLocation: sourceLocation)
            default:
                Issue.record("one composer found a document, the other none:\n\(label)", sourceLocation: sourceLocation)
            }
        case let (.failure(expected), .failure(actual)):
            let expectedError = try #require(expected as? YamlError, sourceLocation: sourceLocation)
            #expect(Self.same(expectedError, actual), "error differs for:\n\(label)\nYams: \(expectedError)\nours: \(actual)",
                    sourceLocation: sourceLocation)
        case let (.success, .failure(actual)):
            Issue.record("Yams composed, ours failed (\(actual)):\n\(label)", sourceLocation: sourceLocation)
        case let (.failure(expected), .success):
            Issue.record("ours composed, Yams failed (\(expected)):\n\(label)", sourceLocation: sourceLocation)
        }
    }

    static func same(_ expected: Yams.Node, _ actual: TandemPlan.Node) -> Bool {
        guard let mark = expected.mark, let ourMark = actual.mark,
              mark.line == ourMark.line, mark.column == ourMark.column else { return false }
        switch (expected, actual) {
        case let (.scalar(scalar), .scalar(ours)):
            return scalar.string == ours.string && scalar.style.rawValue == Int(ours.style.rawValue)
        case let (.sequence(sequence), .sequence(ours)):
            return sequence.count == ours.count && zip(sequence, ours).allSatisfy { same($0, $1) }
        case let (.mapping(mapping), .mapping(ours)):
            return mapping.count == ours.count
                && zip(mapping, ours).allSatisfy { same($0.key, $1.key) && same($0.value, $1.value) }
        default:
            return false
        }
    }

    static func same(_ expected: YamlError, _ actual: YAMLComposeError) -> Bool {
        func same(_ context: YamlError.Context?, _ ours: YAMLComposeError.Context?) -> Bool {
            context?.text == ours?.text && context?.mark.line == ours?.mark.line && context?.mark.column == ours?.mark.column
        }
        func same(_ mark: Yams.Mark, _ ours: TandemPlan.Node.Mark) -> Bool {
            mark.line == ours.line && mark.column == ours.column
        }
        switch (expected, actual) {
        case let (.scanner(context, problem, mark, _), .scanner(ourContext, ourProblem, ourMark)),
             let (.parser(context, problem, mark, _), .parser(ourContext, ourProblem, ourMark)),
             let (.composer(context, problem, mark, _), .composer(ourContext, ourProblem, ourMark)):
            return problem == ourProblem && same(mark, ourMark) && same(context, ourContext)
        case let (.duplicatedKeysInMapping(duplicates, context), .duplicatedKeys(ourDuplicates, ourMark)):
            return duplicates == ourDuplicates && same(context.mark, ourMark)
        case let (.reader(problem, _, _, _), .reader(ourProblem)):
            return problem == ourProblem
        default:
            return false
        }
    }
}
