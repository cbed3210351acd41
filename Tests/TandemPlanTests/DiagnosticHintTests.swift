import Foundation
import Testing
@testable import TandemPlan

/// Every diagnostic says what to do. Each value of the loan-app plan (every field the format
/// has, nested or not) is replaced by values of every other YAML shape, and every resulting
/// diagnostic — wrong types above all — must carry a hint.
@Suite("Diagnostic hints")
struct DiagnosticHintTests {
    static let replacements = ["[x]", "{a: b}", "\"\"", "~", "true", "12", "99999999999999999999", "text", "[a]: b"]

    /// The loan-app plan with the value on `line` (0-based) replaced by `value`; nil when the line holds no value.
    static func replacingValue(in lines: [String], line: Int, with value: String) -> String? {
        let text = lines[line]
        guard !text.trimmingCharacters(in: .whitespaces).hasPrefix("#"), let colon = text.range(of: ": ") else { return nil }
        var changed = lines
        changed[line] = String(text[..<colon.upperBound]) + value
        return changed.joined(separator: "\n") + "\n"
    }

    @Test("every field given a value of the wrong shape is reported with a hint")
    func wrongShapesHaveHints() throws {
        let lines = try String(contentsOfFile: PlanLoaderTests.fixture("loan-app.yaml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var wrongTypes = 0
        for line in lines.indices {
            for value in Self.replacements {
                guard let text = Self.replacingValue(in: lines, line: line, with: value) else { continue }
                for diagnostic in PlanText.diagnostics(text) {
                    if diagnostic.kind == .wrongType { wrongTypes += 1 }
                    #expect(diagnostic.hint?.isEmpty == false, "line \(line + 1) = \(value): \(diagnostic.description)")
                }
            }
        }
        // The replacements must actually produce wrong-type errors for this test to mean anything.
        #expect(wrongTypes > 50)
    }

    @Test("a key that is not a plain scalar, and a missing field of each mapping, are reported with a hint")
    func keysAndMissingFieldsHaveHints() {
        let texts = [
            PlanText.plan(["  [a]: b"] + PlanText.twoServices),
            PlanText.plan(["  services:", "    - image: x/a"]),
            PlanText.plan(["  services:", "    - name: a"]),
            PlanText.plan(["  services:", "    - {name: a, image: x/a, dependsOn: [{configMap: c, key: K}]}"]),
            PlanText.plan(PlanText.twoServices + ["  checkpoints:", "    - after: deploy"]),
            "apiVersion: tandem/v1alpha1\nkind: ReleasePlan\nmetadata: {}\nspec: {}\n",
            "kind: ReleasePlan\n",
        ]
        for text in texts {
            let diagnostics = PlanText.diagnostics(text)
            #expect(!diagnostics.isEmpty)
            for diagnostic in diagnostics {
                #expect(diagnostic.hint?.isEmpty == false, "\(diagnostic.description)")
            }
        }
    }
}
