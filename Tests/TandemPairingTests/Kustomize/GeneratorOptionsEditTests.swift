import Foundation
import Testing
import TandemKubeModel
import TandemTestSupport
import Yams
@testable import TandemPairing

/// `options:` of a configMapGenerator (labels and annotations of the generated ConfigMap): added or
/// updated line by line, and — checked with the real `kubectl kustomize` — never part of the name hash.
@Suite("kustomization editor: generator options")
struct GeneratorOptionsEditTests {
    static let bare = """
        # the frontend
        configMapGenerator:
        - name: my-frontend-settings
          literals:
          - BACKEND_HOST=backend-active   # pinned by tandem
        images:
        - name: a/b
          newTag: "1.0"

        """

    /// A generator that already has options of its own: a comment, an annotation in quotes, `immutable`.
    static let withOptions = """
        configMapGenerator:
        - name: my-frontend-settings
          literals:
          - BACKEND_HOST=backend-active
          options:
            # ours, kept
            annotations:
              "team": 'loans'   # owner
              argocd.argoproj.io/sync-options: Replace=true
            immutable: true
        - name: other
          literals:
          - A=1

        """

    static let labels: [(key: String, value: String)] = [("app.kubernetes.io/managed-by", "tandem"), ("tandem.dev/release", "r-1")]
    static let annotations: [(key: String, value: String)] = [("tandem.dev/paired-revisions", #"{"BACKEND_HOST":"5c4b3a291"}"#),
                                                              ("argocd.argoproj.io/sync-options", "Replace=true,Prune=false")]

    @Test("a generator without options gets options, labels and annotations below its last line; no other line changes")
    func optionsAdded() throws {
        var editor = KustomizationEditor(text: Self.bare, file: "k.yaml")
        let edits = try editor.setGeneratorOptions(generator: "my-frontend-settings", labels: Self.labels, annotations: Self.annotations)
        #expect(editor.text == """
            # the frontend
            configMapGenerator:
            - name: my-frontend-settings
              literals:
              - BACKEND_HOST=backend-active   # pinned by tandem
              options:
                labels:
                  app.kubernetes.io/managed-by: tandem
                  tandem.dev/release: r-1
                annotations:
                  tandem.dev/paired-revisions: "{\\"BACKEND_HOST\\":\\"5c4b3a291\\"}"
                  argocd.argoproj.io/sync-options: Replace=true,Prune=false
            images:
            - name: a/b
              newTag: "1.0"

            """)
        #expect(edits.map(\.line) == [6, 7, 8, 9, 10, 11, 12], "\(edits)")
        #expect(edits.allSatisfy { $0.old == nil })
        // Applying the same options again changes nothing.
        var again = editor
        #expect(try again.setGeneratorOptions(generator: "my-frontend-settings", labels: Self.labels, annotations: Self.annotations).isEmpty)
        #expect(again.text == editor.text)
        #expect(try editor.generatorAnnotation(generator: "my-frontend-settings", key: "tandem.dev/paired-revisions") == #"{"BACKEND_HOST":"5c4b3a291"}"#)
    }

    @Test("existing options keep their comments, quoting and order: a value is replaced in place, missing keys and maps are appended")
    func optionsUpdated() throws {
        var editor = KustomizationEditor(text: Self.withOptions, file: "k.yaml")
        #expect(try editor.generatorAnnotation(generator: "my-frontend-settings", key: "argocd.argoproj.io/sync-options") == "Replace=true")
        #expect(try editor.generatorAnnotation(generator: "my-frontend-settings", key: "team") == "loans")
        let edits = try editor.setGeneratorOptions(generator: "my-frontend-settings", labels: Self.labels, annotations: Self.annotations)
        #expect(editor.text == """
            configMapGenerator:
            - name: my-frontend-settings
              literals:
              - BACKEND_HOST=backend-active
              options:
                # ours, kept
                annotations:
                  "team": 'loans'   # owner
                  argocd.argoproj.io/sync-options: Replace=true,Prune=false
                  tandem.dev/paired-revisions: "{\\"BACKEND_HOST\\":\\"5c4b3a291\\"}"
                immutable: true
                labels:
                  app.kubernetes.io/managed-by: tandem
                  tandem.dev/release: r-1
            - name: other
              literals:
              - A=1

            """)
        #expect(edits.contains { $0.old == "      argocd.argoproj.io/sync-options: Replace=true" && $0.line == 9 })
    }

    @Test("kubectl kustomize: the ConfigMap carries the labels and annotations, and its name (hash) is the one tandem computes without them")
    func kustomizeIgnoresOptionsInTheHash() throws {
        var editor = KustomizationEditor(text: Self.withOptions, file: "kustomization.yaml")
        let before = try editor.generatorData("my-frontend-settings")
        try editor.setGeneratorOptions(generator: "my-frontend-settings", labels: Self.labels, annotations: Self.annotations)
        #expect(try editor.generatorData("my-frontend-settings") == before)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-options-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try editor.text.write(to: directory.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
        let rendered = try Yams.load_all(yaml: KustomizeOracle.kustomize(directory.path)).compactMap { $0 as? [String: Any] }
        let configMap = try #require(rendered.first { (($0["metadata"] as? [String: Any])?["name"] as? String)?.hasPrefix("my-frontend-settings-") == true })
        let metadata = try #require(configMap["metadata"] as? [String: Any])
        #expect(metadata["name"] as? String == "my-frontend-settings-" + KustomizeHash.configMapSuffix(data: before))
        #expect((metadata["labels"] as? [String: String]) == ["app.kubernetes.io/managed-by": "tandem", "tandem.dev/release": "r-1"])
        let annotations = try #require(metadata["annotations"] as? [String: String])
        #expect(annotations["tandem.dev/paired-revisions"] == #"{"BACKEND_HOST":"5c4b3a291"}"#)
        #expect(annotations["argocd.argoproj.io/sync-options"] == "Replace=true,Prune=false")
        #expect(annotations["team"] == "loans")
    }

    @Test("a name suffix turned off (options or generatorOptions disableNameSuffixHash: true) is refused with its line; false is fine", arguments: [
        ("configMapGenerator:\n- name: g\n  literals:\n  - A=1\n  options:\n    disableNameSuffixHash: true\n",
         "k.yaml:6: configMapGenerator g uses `options.disableNameSuffixHash`"),
        ("generatorOptions:\n  labels:\n    x: \"y\"\n  disableNameSuffixHash: true\nconfigMapGenerator:\n- name: g\n  literals:\n  - A=1\n",
         "k.yaml:4: configMapGenerator g uses `generatorOptions.disableNameSuffixHash`"),
    ])
    func suffixOffIsRefused(text: String, message: String) throws {
        let editor = KustomizationEditor(text: text, file: "k.yaml")
        #expect(throws: KustomizationEditError.self) { try editor.generatorData("g") }
        do {
            _ = try editor.generatorData("g")
        } catch {
            #expect("\(error)".hasPrefix(message), "\(error)")
        }
        let off = KustomizationEditor(text: text.replacingOccurrences(of: "disableNameSuffixHash: true", with: "disableNameSuffixHash: false"), file: "k.yaml")
        #expect(try off.generatorData("g") == ["A": "1"])
    }

    @Test("options written in flow style, or a generator that is not there, are errors naming the line")
    func unusableOptions() throws {
        var flow = KustomizationEditor(text: "configMapGenerator:\n- name: g\n  literals:\n  - A=1\n  options: {labels: {a: b}}\n", file: "k.yaml")
        #expect(throws: KustomizationEditError.notBlockStyle(file: "k.yaml", line: 5, what: "options of g")) {
            try flow.setGeneratorOptions(generator: "g", labels: [("a", "c")], annotations: [])
        }
        var missing = KustomizationEditor(text: Self.bare, file: "k.yaml")
        #expect(throws: KustomizationEditError.noGenerator(file: "k.yaml", name: "nope", line: 2)) {
            try missing.setGeneratorOptions(generator: "nope", labels: [("a", "c")], annotations: [])
        }
    }
}
