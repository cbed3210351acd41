import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// AnalysisTemplates for the controller tests: one `web` metric that asks the simulated pods
/// behind a Service for their answer document and judges a field of it.
extension ControllerFixture {
    /// A template whose metric reads `jsonPath` from `url` and applies the conditions.
    @discardableResult
    func createAnalysisTemplate(_ name: String = "version-check", url: String = "http://web-preview.shop.svc.cluster.local/version",
                                jsonPath: String = "{$.version}", success: String? = "result == '{{args.expected}}'",
                                failure: String? = nil, args: [JSON] = [["name": "expected"]], extraMetric: JSON = .emptyObject,
                                clusterScoped: Bool = false) async throws -> JSON {
        var metric = extraMetric
        metric["name"] = "version"
        metric["provider"] = ["web": ["url": .string(url), "jsonPath": .string(jsonPath)]]
        if let success { metric["successCondition"] = .string(success) }
        if let failure { metric["failureCondition"] = .string(failure) }
        var metadata: JSON = ["name": .string(name)]
        if !clusterScoped { metadata["namespace"] = .string(namespace) }
        let template: JSON = [
            "apiVersion": "argoproj.io/v1alpha1", "kind": clusterScoped ? "ClusterAnalysisTemplate" : "AnalysisTemplate",
            "metadata": metadata, "spec": ["args": .array(args), "metrics": [metric]],
        ]
        return try await store.create(clusterScoped ? .clusterAnalysisTemplates : .analysisTemplates,
                                      namespace: clusterScoped ? nil : namespace, template)
    }

    /// A `RolloutAnalysis` block naming one template, with `expected` passed as an arg.
    static func analysis(_ template: String = "version-check", expected: String = "2.0", clusterScope: Bool = false) -> JSON {
        var ref: JSON = ["templateName": .string(template)]
        if clusterScope { ref["clusterScope"] = true }
        return ["templates": [ref], "args": [["name": "expected", "value": .string(expected)]]]
    }

    func analysisRuns() async -> [JSON] {
        await store.list(.analysisRuns, namespace: namespace).items.sorted { $0.name < $1.name }
    }

    func analysisRun(_ name: String) async throws -> JSON {
        try await store.get(.analysisRuns, namespace: namespace, name: name)
    }

    /// Events with that reason, in the order they were recorded.
    func events(reason: String) async -> [JSON] {
        await store.list(.events, namespace: namespace).items.filter { $0["reason"].stringValue == reason }
            .sorted { (Int($0.resourceVersion ?? "") ?? 0) < (Int($1.resourceVersion ?? "") ?? 0) }
    }
}
