import Testing
import TandemRelease

@Suite("Typed step details")
struct StepDetailTests {
    @Test("a deploy's detail is written with the keys and order earlier releases stored")
    func deployText() {
        let detail = DeployDetail(revision: "7c9f", image: "registry.example/loan/backend:v2",
                                  configMaps: ["backend-settings-abc"], previousStable: "5d2a")
        #expect(detail.text == #"{"configMaps":["backend-settings-abc"],"image":"registry.example/loan/backend:v2","previousStable":"5d2a","revision":"7c9f"}"#)
        #expect(DeployDetail(revision: "", image: "", configMaps: []).text == #"{"configMaps":[],"image":"","revision":""}"#)
    }

    @Test("a deploy's intent, recorded before the write, reads back with its decision")
    func deployIntent() {
        let text = DeployDetail(intent: .init(image: "b:v2", previousStable: "5d2a", freshRevision: true)).text
        #expect(text == #"{"intent":{"freshRevision":true,"image":"b:v2","previousStable":"5d2a"}}"#)
        #expect(DeployDetail(text: text)?.intent == .init(image: "b:v2", previousStable: "5d2a", freshRevision: true))
    }

    @Test("a rollback reads previousStable from a detail stored by an earlier tandem")
    func readsStoredDetail() {
        let stored = #"{"configMaps":[],"image":"b:v2","previousStable":"5d2a","revision":"7c9f"}"#
        #expect(DeployDetail(text: stored)?.previousStable == "5d2a")
        #expect(DeployDetail(text: #"{"revision":"7c9f"}"#)?.previousStable == nil)
        #expect(DeployDetail(text: nil) == nil && DeployDetail(text: "not json") == nil)
    }

    @Test("a GitOps commit's detail writes commit null before one exists, and keeps each service's stable revision")
    func gitopsCommit() {
        var detail = GitOpsCommitDetail(wave: 2, previousStable: ["backend": "5d2a"])
        #expect(detail.text == #"{"commit":null,"previousStable":{"backend":"5d2a"},"wave":2}"#)
        detail.files = ["apps/backend/kustomization.yaml"]
        detail.commit = "0123abcd"
        detail.pushed = true
        #expect(detail.text == #"{"commit":"0123abcd","files":["apps/backend/kustomization.yaml"],"previousStable":{"backend":"5d2a"},"pushed":true,"wave":2}"#)
        #expect(GitOpsCommitDetail(text: detail.text) == detail)
    }
}
