import Foundation
import Testing
import TandemTestSupport
@testable import TandemPlan

/// Random damage to the loan-app plan: whatever the text becomes, loading and validating it
/// ends quickly with a plan or diagnostics. (Issue 11: a `*` in a plain value looped forever.)
@Suite("Plan mutation property")
struct PlanMutationPropertyTests {
    /// The issue asks for "never more than a second" per plan.
    static let bound = 1.0
    static let punctuation = Array("*&!|>[]{}:-#'\"".utf8)

    @Test("randomly mutated plan text always loads or is refused within a second", arguments: [UInt64(11), 2026, 0xC0FFEE])
    func mutatedPlansFinish(seed: UInt64) throws {
        let original = try String(contentsOfFile: PlanLoaderTests.fixture("loan-app.yaml"), encoding: .utf8)
        var rng = SplitMix64(seed: seed)
        for round in 0..<300 {
            let text = Self.mutate(original, mutations: Int.random(in: 1...6, using: &rng), rng: &rng)
            guard let diagnostics = BoundedLoad.diagnostics(text, within: Self.bound) else {
                Issue.record("seed \(seed) round \(round): loading took more than \(Self.bound) s; text:\n\(text)")
                return  // the stuck thread keeps spinning: do not start more
            }
            // Every refusal says where and why, so none of them is an empty answer.
            #expect(diagnostics.allSatisfy { !$0.message.isEmpty }, "seed \(seed) round \(round)")
        }
    }

    /// Byte flips, inserted YAML punctuation, deletions and duplicated lines.
    static func mutate(_ text: String, mutations: Int, rng: inout SplitMix64) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<mutations where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0:
                bytes[at] = UInt8.random(in: 0x20...0x7E, using: &rng)
            case 1:
                bytes.insert(punctuation.randomElement(using: &rng)!, at: at)
            case 2:
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &rng)))
            default:
                let start = bytes[..<at].lastIndex(of: 10).map { $0 + 1 } ?? 0
                let end = bytes[at...].firstIndex(of: 10).map { $0 + 1 } ?? bytes.count
                bytes.insert(contentsOf: bytes[start..<end], at: end)
            }
        }
        // Printable ASCII and line breaks only, so the text stays valid UTF-8.
        return String(decoding: bytes, as: UTF8.self)
    }
}
