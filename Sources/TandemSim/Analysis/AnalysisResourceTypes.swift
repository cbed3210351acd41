import TandemKubeModel

/// Argo Rollouts' analysis CRDs (manifests/crds/analysis-*-crd.yaml): names, short names and
/// scope as there; none has a status subresource (`subresources: {}`), so the controller writes
/// the whole AnalysisRun.
extension ResourceType {
    static let analysisTemplates = ResourceType(group: "argoproj.io", version: "v1alpha1", plural: "analysistemplates",
                                                kind: "AnalysisTemplate", shortNames: ["at"], supportsStrategicMerge: false)
    static let clusterAnalysisTemplates = ResourceType(group: "argoproj.io", version: "v1alpha1", plural: "clusteranalysistemplates",
                                                       kind: "ClusterAnalysisTemplate", shortNames: ["cat"], namespaced: false,
                                                       supportsStrategicMerge: false)
    static let analysisRuns = ResourceType(group: "argoproj.io", version: "v1alpha1", plural: "analysisruns",
                                           kind: "AnalysisRun", shortNames: ["ar"], supportsStrategicMerge: false)

    /// Every resource the simulated API server serves: the ones tandem uses plus the analysis kinds.
    static let served: [ResourceType] = all + [.analysisTemplates, .clusterAnalysisTemplates, .analysisRuns]
}
