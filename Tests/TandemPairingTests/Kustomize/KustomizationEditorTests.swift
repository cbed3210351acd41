import Foundation
import Testing
@testable import TandemPairing

/// The edits tandem makes to kustomizations in GitOps mode change exactly the lines they must;
/// `kubectl kustomize` of the edited directory is the oracle for what the edit means.
@Suite("kustomization editor")
struct KustomizationEditorTests {
    /// The article's frontend kustomization, with comments, odd spacing and a trailing space kept.
    static let codefresh = """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        # declare ConfigMap as a resource
        resources:
        - rollout-fe.yml


        # declare ConfigMap from a ConfigMapGenerator
        configMapGenerator:
        - name: my-frontend-settings
          literals:\u{20}
          - APP_VERSION=1.0
          - BACKEND_HOST="backend-active"
        images:
          - name: docker.io/kostiscodefresh/loan   # the frontend
            newTag: '1.0'    # set by the pipeline
          - name: other/thing
            newName: other/renamed

        """

    static func changedLines(_ before: String, _ after: String) -> [String] {
        let old = before.split(separator: "\n", omittingEmptySubsequences: false)
        let new = after.split(separator: "\n", omittingEmptySubsequences: false)
        return new.enumerated().filter { $0.offset >= old.count || old[$0.offset] != $0.element }.map { String($0.element) }
    }

    @Test("newTag is replaced in place, in its quotes, keeping the comment; nothing else moves")
    func imageTagInPlace() throws {
        var editor = KustomizationEditor(text: Self.codefresh, file: "k.yaml")
        let edit = try #require(try editor.setImageTag(image: "docker.io/kostiscodefresh/loan", tag: "2.0"))
        #expect(edit.line == 16)
        #expect(edit.old == "    newTag: '1.0'    # set by the pipeline")
        #expect(edit.new == "    newTag: '2.0'    # set by the pipeline")
        #expect(Self.changedLines(Self.codefresh, editor.text) == [edit.new])
        #expect(try editor.setImageTag(image: "docker.io/kostiscodefresh/loan", tag: "2.0") == nil)
    }

    @Test("an images entry without newTag gets one under its name, at the entry's key column")
    func imageTagAdded() throws {
        var editor = KustomizationEditor(text: Self.codefresh, file: "k.yaml")
        let edit = try #require(try editor.setImageTag(image: "other/thing", tag: "3.1"))
        #expect(edit.old == nil && edit.line == 18 && edit.new == "    newTag: \"3.1\"")
        let lines = editor.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[16] == "  - name: other/thing" && lines[17] == "    newTag: \"3.1\"" && lines[18] == "    newName: other/renamed")
        #expect(lines.count == Self.codefresh.split(separator: "\n", omittingEmptySubsequences: false).count + 1)
    }

    @Test("a literal keeps its inner quotes; other literals and lines stay byte for byte")
    func literalKeepsQuotes() throws {
        var editor = KustomizationEditor(text: Self.codefresh, file: "k.yaml")
        let edit = try #require(try editor.setLiteral(generator: "my-frontend-settings", key: "BACKEND_HOST", value: "backend-74b948fccb"))
        #expect(edit.new == "  - BACKEND_HOST=\"backend-74b948fccb\"")
        #expect(Self.changedLines(Self.codefresh, editor.text) == [edit.new])
        var plain = KustomizationEditor(text: Self.codefresh, file: "k.yaml")
        #expect(try plain.setLiteral(generator: "my-frontend-settings", key: "APP_VERSION", value: "2.0")?.new == "  - APP_VERSION=2.0")
    }

    @Test("CRLF files stay CRLF, and a file without a final newline gets none")
    func lineEnds() throws {
        let text = "images:\r\n- name: a/b\r\n  newTag: v1\r\nresources:\r\n- x.yaml"
        var editor = KustomizationEditor(text: text, file: "k.yaml")
        try editor.setImageTag(image: "a/b", tag: "v2")
        try editor.addResource("pinned/b-abc.yaml")
        #expect(editor.text == "images:\r\n- name: a/b\r\n  newTag: v2\r\nresources:\r\n- x.yaml\r\n- pinned/b-abc.yaml")
    }

    @Test("resources: added once, after the last entry, in the list's own indentation")
    func resources() throws {
        var editor = KustomizationEditor(text: Self.codefresh, file: "k.yaml")
        let edit = try #require(try editor.addResource("tandem/backend-74b948fccb.yaml"))
        #expect(edit.line == 6 && edit.new == "- tandem/backend-74b948fccb.yaml")
        #expect(try editor.addResource("tandem/backend-74b948fccb.yaml") == nil)
        var bare = KustomizationEditor(text: "images:\n- name: a\n", file: "k.yaml")
        try bare.addResource("s.yaml")
        #expect(bare.text == "images:\n- name: a\nresources:\n- s.yaml\n")
    }

    @Test("missing entries and flow style are clear errors that say what to add", arguments: [
        ("resources: []\n", "images", "k.yaml: no `images:` entry with name a/b"),
        ("images: [{name: a/b, newTag: x}]\n", "images", "k.yaml:1: images is written in flow style"),
        // The line of the list, generator or literals that lacks the entry.
        ("images:\n- name: c/d\n", "images", "k.yaml:1: no `images:` entry with name a/b"),
        ("configMapGenerator:\n- name: other\n", "literal", "k.yaml:1: no configMapGenerator named s"),
        ("configMapGenerator:\n- name: s\n  literals:\n  - A=1\n", "literal", "k.yaml:3: configMapGenerator s has no literal K=…; add `- K=<address>`"),
        ("configMapGenerator:\n- name: s\n  files:\n  - K=f\n", "literal", "k.yaml:2: configMapGenerator s has no literal K=…"),
    ])
    func errors(text: String, edit: String, message: String) {
        var editor = KustomizationEditor(text: text, file: "k.yaml")
        #expect(throws: KustomizationEditError.self) {
            if edit == "images" { try editor.setImageTag(image: "a/b", tag: "1") } else {
                try editor.setLiteral(generator: "s", key: "K", value: "v")
            }
        }
        do {
            if edit == "images" { try editor.setImageTag(image: "a/b", tag: "1") } else {
                try editor.setLiteral(generator: "s", key: "K", value: "v")
            }
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }

    /// The whole point: kustomize renders the edited tree with the image and the hash-suffixed
    /// ConfigMap name tandem computes for the new data.
    @Test("kubectl kustomize of the edited directory renders the new image and tandem's ConfigMap name")
    func kustomizeOracle() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-kedit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: my-frontend}
            spec:
              template:
                spec:
                  containers:
                  - name: loan
                    image: docker.io/kostiscodefresh/loan:0.1
                    env:
                    - name: BACKEND_HOST
                      valueFrom: {configMapKeyRef: {name: my-frontend-settings, key: BACKEND_HOST}}

            """.write(to: directory.appendingPathComponent("rollout-fe.yml"), atomically: true, encoding: .utf8)
        var editor = KustomizationEditor(text: Self.codefresh, file: "kustomization.yaml")
        try editor.setImageTag(image: "docker.io/kostiscodefresh/loan", tag: "2.0")
        try editor.setLiteral(generator: "my-frontend-settings", key: "APP_VERSION", value: "2.0")
        try editor.setLiteral(generator: "my-frontend-settings", key: "BACKEND_HOST", value: "backend-74b948fccb")
        try editor.text.write(to: directory.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
        let rendered = try KustomizeOracle.kustomize(directory.path)
        let suffix = KustomizeHash.configMapSuffix(data: ["APP_VERSION": "2.0", "BACKEND_HOST": "backend-74b948fccb"])
        #expect(rendered.contains("name: my-frontend-settings-\(suffix)"), "\(rendered)")
        #expect(rendered.contains("image: docker.io/kostiscodefresh/loan:2.0"), "\(rendered)")
        #expect(rendered.contains("BACKEND_HOST: backend-74b948fccb"))
    }

    /// The third-party example: its 1.0 kustomization edited to 2.0 the way the article did by hand
    /// gives exactly the file the article committed for 2.0, byte for byte.
    @Test("editing the example's 1.0 kustomization to 2.0 gives the article's own 2.0 file")
    func codefreshHistory() throws {
        // shared/ stands beside the repository (here and in CI).
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let history = repository.deletingLastPathComponent().path + "/shared/examples/codefresh-multi-service/history"
        let before = try String(contentsOfFile: "\(history)/d0e27b1-main-initial-state/manifests/legacy/kustomization.yml", encoding: .utf8)
        let after = try String(contentsOfFile: "\(history)/2290842-legacy-example-branch/manifests/legacy/kustomization.yml", encoding: .utf8)
        var editor = KustomizationEditor(text: before, file: "kustomization.yml")
        #expect(try editor.setLiteral(generator: "my-frontend-settings", key: "APP_VERSION", value: "2.0") != nil)
        #expect(try editor.setLiteral(generator: "my-frontend-settings", key: "BACKEND_HOST", value: "backend-preview") != nil)
        #expect(editor.text == after)
    }
}
