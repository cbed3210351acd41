import TandemKubeModel

/// The part of the Argo Rollouts CRD's structural schema (manifests/crds/rollout-crd.yaml,
/// v1alpha1) the simulator enforces: every field of spec, the blue-green and canary strategies,
/// their steps and analysis references, typed as the CRD types them; `activeService` required for
/// blue-green, `spec` required. Subtrees marked `.preserved` (the pod spec, trafficRouting, experiment steps,
/// route steps, anti-affinity, status) are kept as written: docs/simulator.md lists that gap.
enum RolloutSchema {
    static let root: StructuralSchema = .object([
        "apiVersion": .string, "kind": .string, "metadata": .preserved,
        "spec": spec, "status": .preserved,
    ], required: ["spec"])

    private static let stringMap: StructuralSchema = .map(.string)
    private static let podMetadata: StructuralSchema = .object(["labels": stringMap, "annotations": stringMap])

    private static let labelSelector: StructuralSchema = .object([
        "matchLabels": stringMap,
        "matchExpressions": .array(.object(["key": .string, "operator": .string, "values": .array(.string)],
                                           required: ["key", "operator"])),
    ])

    private static let analysisArgument: StructuralSchema = .object([
        "name": .string, "value": .string,
        "valueFrom": .object([
            "podTemplateHashValue": .string,
            "fieldRef": .object(["fieldPath": .string], required: ["fieldPath"]),
        ]),
    ], required: ["name"])

    /// RolloutAnalysis: blue-green pre/post-promotion analysis, canary background analysis and steps.
    private static let analysis: StructuralSchema = .object([
        "templates": .array(.object(["templateName": .string, "clusterScope": .boolean])),
        "args": .array(analysisArgument),
        "dryRun": .array(.object(["metricName": .string], required: ["metricName"])),
        "measurementRetention": .array(.object(["metricName": .string, "limit": .integer], required: ["limit", "metricName"])),
        "analysisRunMetadata": podMetadata,
        "startingStep": .integer,
    ])

    private static let blueGreen: StructuralSchema = .object([
        "abortScaleDownDelaySeconds": .integer, "activeMetadata": podMetadata, "activeService": .string,
        "antiAffinity": .preserved, "autoPromotionEnabled": .boolean, "autoPromotionSeconds": .integer,
        "maxUnavailable": .intOrString, "postPromotionAnalysis": analysis, "prePromotionAnalysis": analysis,
        "previewMetadata": podMetadata, "previewReplicaCount": .integer, "previewService": .string,
        "scaleDownDelayRevisionLimit": .integer, "scaleDownDelaySeconds": .integer,
    ], required: ["activeService"])

    private static let canaryStep: StructuralSchema = .object([
        "setWeight": .integer,
        "pause": .object(["duration": .intOrString]),
        "analysis": analysis,
        "experiment": .preserved,
        "setCanaryScale": .object(["replicas": .integer, "weight": .integer, "matchTrafficWeight": .boolean]),
        "setHeaderRoute": .preserved,
        "setMirrorRoute": .preserved,
        "plugin": .preserved,
    ])

    private static let canary: StructuralSchema = .object([
        "abortScaleDownDelaySeconds": .integer, "analysis": analysis, "antiAffinity": .preserved,
        "canaryMetadata": podMetadata, "canaryService": .string, "dynamicStableScale": .boolean,
        "maxSurge": .intOrString, "maxUnavailable": .intOrString, "minPodsPerReplicaSet": .integer,
        "pingPong": .object(["pingService": .string, "pongService": .string], required: ["pingService", "pongService"]),
        "replicaProgressThreshold": .object(["type": .string, "value": .integer], required: ["type", "value"]),
        "scaleDownDelayRevisionLimit": .integer, "scaleDownDelaySeconds": .integer,
        "stableMetadata": podMetadata, "stableService": .string,
        "steps": .array(canaryStep), "trafficRouting": .preserved,
    ])

    private static let spec: StructuralSchema = .object([
        "analysis": .object(["successfulRunHistoryLimit": .integer, "unsuccessfulRunHistoryLimit": .integer]),
        "minReadySeconds": .integer, "paused": .boolean, "progressDeadlineAbort": .boolean,
        "progressDeadlineSeconds": .integer, "replicas": .integer, "restartAt": .string,
        "revisionHistoryLimit": .integer, "rollbackWindow": .object(["revisions": .integer]),
        "selector": labelSelector,
        "strategy": .object(["blueGreen": blueGreen, "canary": canary]),
        "template": .object(["metadata": podMetadata, "spec": .preserved]),
        "workloadRef": .object(["apiVersion": .string, "kind": .string, "name": .string, "scaleDown": .string]),
    ])
}
