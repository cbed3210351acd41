import Foundation
import Testing
import TandemTestSupport
@testable import TandemPlan

@Suite("Ordering properties on random graphs")
struct GraphPropertyTests {
    static let sizes: [(services: Int, seed: UInt64)] = [(1, 1), (2, 2), (10, 3), (50, 4), (200, 5), (1000, 6), (2000, 7)]

    static func waveIndex(_ waves: [[String]]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (wave, names) in waves.enumerated() { for name in names { index[name] = wave } }
        return index
    }

    @Test("every edge goes from an earlier deploy wave to a later one; lockstep promotes in reverse",
          arguments: zip(sizes.map(\.services), sizes.map(\.seed)))
    func wavesRespectEdges(services: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed &* 7919 &+ UInt64(services))
        let shape = RandomPlans.dag(services: services, edgesPerService: 3, rng: &rng)
        let plan = shape.plan(coupling: .lockstep)
        #expect(PlanValidator.validate(plan).isEmpty)
        let order = PlanOrder.compute(plan)
        let wave = Self.waveIndex(order.deployWaves)
        #expect(wave.count == services)
        #expect(order.deployWaves.joined().count == services)
        for (consumer, targets) in shape.dependencies.enumerated() {
            for target in targets { #expect(wave["s\(target)"]! < wave["s\(consumer)"]!) }
        }
        #expect(order.promoteWaves == Array(order.deployWaves.reversed()))
        for names in order.deployWaves {
            let indices = names.map { Int($0.dropFirst())! }
            #expect(indices == indices.sorted(), "ties keep plan order")
            #expect(!names.isEmpty)
        }
        // Minimal waves: a service with dependencies sits right after its latest dependency.
        for (consumer, targets) in shape.dependencies.enumerated() {
            let expected = targets.map { wave["s\($0)"]! + 1 }.max() ?? 0
            #expect(wave["s\(consumer)"] == expected)
        }
        #expect(PlanOrder.compute(plan) == order, "deterministic")
    }

    @Test("consumersFirst waves put every consumer before its dependencies", arguments: [10, 500, 2000])
    func consumersFirst(services: Int) {
        var rng = SplitMix64(seed: UInt64(services))
        let shape = RandomPlans.dag(services: services, edgesPerService: 4, rng: &rng)
        let order = PlanOrder.compute(shape.plan(coupling: .independent, order: .consumersFirst))
        let wave = Self.waveIndex(order.deployWaves)
        for (consumer, targets) in shape.dependencies.enumerated() {
            for target in targets { #expect(wave["s\(consumer)"]! < wave["s\(target)"]!) }
        }
        #expect(order.promoteWaves == order.deployWaves)
    }

    @Test("a planted cycle is always rejected with a cycle that exists in the graph", arguments: Array(UInt64(1)...25))
    func plantedCycle(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let services = Int.random(in: 2...2000, using: &rng)
        var shape = RandomPlans.dag(services: services, edgesPerService: 3, rng: &rng)
        // Walk dependencies from a random service, then close the walk back to where it started.
        let start = Int.random(in: 0..<services, using: &rng)
        var path = [start]
        while let next = shape.dependencies[path.last!].randomElement(using: &rng), path.count < 50 { path.append(next) }
        if path.count == 1 {
            let other = (start + 1) % services
            shape.dependencies[start].append(other)
            path.append(other)
        }
        shape.dependencies[path.last!].append(start)
        let plan = shape.plan()
        let diagnostics = PlanValidator.validate(plan)
        let cycles = diagnostics.filter { $0.kind == .dependencyCycle }
        #expect(!cycles.isEmpty)
        for diagnostic in cycles {
            let names = diagnostic.message.replacingOccurrences(of: "dependency cycle: ", with: "").components(separatedBy: " → ")
            #expect(names.count >= 3 && names.first == names.last)
            #expect(Set(names.dropLast()).count == names.count - 1, "a simple cycle")
            for (from, to) in zip(names, names.dropFirst()) {
                let consumer = Int(from.dropFirst())!, dependency = Int(to.dropFirst())!
                #expect(shape.dependencies[consumer].contains(dependency), "\(from) → \(to) is an edge")
            }
        }
        #expect(DependencyGraph(plan: plan).cycles().count == cycles.count)
    }
}
