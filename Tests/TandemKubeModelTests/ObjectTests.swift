import Foundation
import Testing
import TandemKubeModel

@Suite("Typed object views")
struct ObjectTests {
    static let pausedBlueGreen = #"""
    {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"web","namespace":"shop","generation":410,"uid":"u1"},
     "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
             "strategy":{"blueGreen":{"activeService":"web-active","previewService":"web-preview","autoPromotionEnabled":false}},
             "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:2",
               "env":[{"name":"BACKEND_HOST","valueFrom":{"configMapKeyRef":{"name":"web-settings","key":"BACKEND_HOST"}}}]}]}},
             "futureField":{"kept":true}},
     "status":{"HPAReplicas":3,"availableReplicas":3,"blueGreen":{"activeSelector":"6cbccd9f99","previewSelector":"74b948fccb"},
       "conditions":[{"type":"Available","status":"True","reason":"AvailableReason","message":"Rollout has minimum availability"}],
       "controllerPause":true,"currentPodHash":"74b948fccb","observedGeneration":"410",
       "pauseConditions":[{"reason":"BlueGreenPause","startTime":"2019-10-28T04:50:20Z"}],
       "readyReplicas":6,"replicas":6,"stableRS":"6cbccd9f99","updatedReplicas":3,"phase":"Paused","message":"BlueGreenPause"}}
    """#

    @Test("a Rollout view reads spec parts and the full status, and keeps the raw object")
    func rolloutView() throws {
        let rollout = Rollout(try JSON.parse(Self.pausedBlueGreen))
        #expect(rollout.name == "web")
        #expect(rollout.replicas == 3)
        #expect(rollout.strategy == .blueGreen)
        #expect(rollout.blueGreen?.activeService == "web-active")
        #expect(rollout.blueGreen?.autoPromotionEnabled == false)
        #expect(rollout.template.containers.map(\.image) == ["web:2"])
        #expect(rollout.template.configMapNames == ["web-settings"])
        #expect(rollout.status.pauseConditions.map(\.reason) == ["BlueGreenPause"])
        #expect(rollout.status.activeSelector == "6cbccd9f99")
        #expect(rollout.status.hpaReplicas == 3)
        #expect(!rollout.isFullyPromoted)
        #expect(rollout.raw[path: ["spec", "futureField", "kept"]] == true)
        #expect(rollout.clientPhase == RolloutPhase(.paused, "BlueGreenPause"))
    }

    @Test("client phase follows the plugin's rules (reference §5)", arguments: [
        // observedGeneration behind generation → not trusted
        (#"{"metadata":{"generation":5},"status":{"observedGeneration":"4","phase":"Healthy"}}"#, "Progressing - waiting for rollout spec update to be observed"),
        // a v0.9 hash counts as observed
        (#"{"metadata":{"generation":5},"status":{"observedGeneration":"7b4c9b7d8","phase":"Healthy"}}"#, "Healthy"),
        // resumed by the user, controller not caught up
        (#"{"metadata":{"generation":5},"status":{"observedGeneration":"5","controllerPause":true,"phase":"Paused"}}"#, "Progressing - waiting for rollout to unpause"),
        // no phase: computed on the client
        (#"{"metadata":{"generation":1},"spec":{"paused":true},"status":{"observedGeneration":"1"}}"#, "Paused - manually paused"),
        (#"{"metadata":{"generation":1},"spec":{"replicas":2,"strategy":{"blueGreen":{}}},"status":{"observedGeneration":"1","updatedReplicas":1}}"#, "Progressing - more replicas need to be updated"),
        (#"{"metadata":{"generation":1},"spec":{"replicas":1,"strategy":{"blueGreen":{}}},"status":{"observedGeneration":"1","updatedReplicas":1,"availableReplicas":1,"currentPodHash":"h2","blueGreen":{"activeSelector":"h1"}}}"#, "Progressing - active service cutover pending"),
        (#"{"metadata":{"generation":1},"spec":{"replicas":1,"strategy":{"blueGreen":{}}},"status":{"observedGeneration":"1","updatedReplicas":1,"availableReplicas":1,"currentPodHash":"h2","stableRS":"h2","blueGreen":{"activeSelector":"h2"}}}"#, "Healthy"),
        (#"{"metadata":{"generation":1},"status":{"observedGeneration":"1","conditions":[{"type":"Progressing","status":"False","reason":"RolloutAborted","message":"Rollout aborted update to revision 2"}]}}"#, "Degraded - RolloutAborted: Rollout aborted update to revision 2"),
        (#"{"metadata":{"generation":1},"spec":{"replicas":1,"strategy":{"canary":{"steps":[{"pause":{}}]}}},"status":{"observedGeneration":"1","updatedReplicas":1,"availableReplicas":1,"replicas":2,"currentPodHash":"h2","stableRS":"h1"}}"#, "Progressing - old replicas are pending termination"),
    ])
    func clientPhase(json: String, expected: String) throws {
        #expect(Rollout(try JSON.parse(json)).clientPhase.description == expected)
    }

    @Test("ReplicaSet, Service, ConfigMap and Pod views")
    func otherViews() throws {
        let rs = ReplicaSet(try JSON.parse(#"{"metadata":{"name":"web-abc","labels":{"rollouts-pod-template-hash":"abc"},"annotations":{"rollout.argoproj.io/revision":"3"},"ownerReferences":[{"kind":"Rollout","name":"web","uid":"u1","controller":true}]},"spec":{"replicas":2},"status":{"availableReplicas":2}}"#))
        #expect(rs.podTemplateHash == "abc")
        #expect(rs.revision == 3)
        #expect(rs.controllerUID == "u1")
        #expect(rs.availableReplicas == 2)
        let service = Service.make(name: "web-active", namespace: "shop", selector: ["app": "web"], ports: [ServicePort(port: 8080)])
        #expect(service.raw["kind"] == "Service")
        #expect(service.raw["metadata"]["namespace"] == "shop")
        #expect(service.ports.map(\.port) == [8080])
        #expect(service.podTemplateHash == nil)
        let cm = ConfigMap.make(name: "s", namespace: nil, data: ["K": "v"])
        #expect(cm.data == ["K": "v"])
        #expect(cm.raw["metadata"]["namespace"].isNull)
        let pod = Pod(try JSON.parse(#"{"metadata":{"ownerReferences":[{"kind":"ReplicaSet","name":"web-abc","controller":true}]},"status":{"conditions":[{"type":"Ready","status":"True"}]}}"#))
        #expect(pod.isReady)
        #expect(pod.ownerReplicaSet == "web-abc")
    }

    @Test("Lease expiry and MicroTime with six fractional digits")
    func lease() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000.25)
        #expect(MicroTime.format(date) == "2023-11-14T22:13:20.250000Z")
        #expect(MicroTime.parse("2023-11-14T22:13:20.250000Z") == date)
        let lease = Lease(["spec": ["holderIdentity": "a", "leaseDurationSeconds": 15, "renewTime": .string(MicroTime.format(date))]])
        #expect(lease.expiry == date.addingTimeInterval(15))
        #expect(!lease.isFree(at: date.addingTimeInterval(14)))
        #expect(lease.isFree(at: date.addingTimeInterval(15)))
        #expect(Lease(["spec": [:]]).isFree(at: date))
    }
}
