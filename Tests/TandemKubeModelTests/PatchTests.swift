import Testing
import TandemKubeModel

@Suite("Merge patch (RFC 7386)")
struct MergePatchTests {
    @Test("objects merge recursively, null deletes, lists are replaced whole")
    func applyRules() throws {
        let target = try JSON.parse(#"{"a":{"b":1,"c":2},"list":[1,2,3],"keep":"x","gone":true}"#)
        let patch = try JSON.parse(#"{"a":{"b":null,"d":4},"list":[9],"gone":null,"new":{"x":null,"y":1}}"#)
        let result = MergePatch.apply(patch, to: target)
        #expect(result == (try JSON.parse(#"{"a":{"c":2,"d":4},"list":[9],"keep":"x","new":{"y":1}}"#)))
    }

    @Test("a non-object patch replaces the target")
    func scalarPatch() {
        #expect(MergePatch.apply("x", to: ["a": 1]) == "x")
        #expect(MergePatch.apply(["a": 1], to: "scalar") == ["a": 1])
    }

    @Test("the promote status patch clears pauseConditions and keeps the rest of status")
    func promotePatch() throws {
        let rollout = try JSON.parse(#"{"status":{"pauseConditions":[{"reason":"BlueGreenPause"}],"controllerPause":true,"phase":"Paused"}}"#)
        let result = MergePatch.apply(["status": ["pauseConditions": nil]], to: rollout)
        #expect(result["status"]["pauseConditions"].isNull)
        #expect(result["status"]["controllerPause"] == true)
        #expect(result["status"]["phase"] == "Paused")
    }

    @Test("diff sends null for removed keys and only what changed", arguments: [
        (#"{"a":1,"b":{"c":1,"d":2}}"#, #"{"a":1,"b":{"c":1,"d":3}}"#, #"{"b":{"d":3}}"#),
        (#"{"controllerPause":true,"message":"x","phase":"Paused"}"#, #"{"phase":"Healthy"}"#, #"{"controllerPause":null,"message":null,"phase":"Healthy"}"#),
        (#"{"l":[1,2]}"#, #"{"l":[1,2,3]}"#, #"{"l":[1,2,3]}"#),
        (#"{"a":{"x":1}}"#, #"{"a":"s"}"#, #"{"a":"s"}"#),
    ])
    func diff(old: String, new: String, expected: String) throws {
        let patch = MergePatch.diff(from: try JSON.parse(old), to: try JSON.parse(new))
        #expect(patch == (try JSON.parse(expected)))
        // Applying the diff reproduces the new document.
        #expect(MergePatch.apply(try #require(patch), to: try JSON.parse(old)) == (try JSON.parse(new)))
    }

    @Test("diff of equal documents is nil")
    func diffEqual() throws {
        let doc = try JSON.parse(#"{"a":[1,{"b":2}]}"#)
        #expect(MergePatch.diff(from: doc, to: doc) == nil)
    }
}

@Suite("JSON patch (RFC 6902)")
struct JSONPatchTests {
    @Test("undo's replace of /spec/template swaps the whole template")
    func replaceTemplate() throws {
        let rollout = try JSON.parse(#"{"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"a","image":"v2"}]}}}}"#)
        let ops = try JSON.parse(#"[{"op":"replace","path":"/spec/template","value":{"spec":{"containers":[{"name":"a","image":"v1"}]}}}]"#)
        let result = try JSONPatch.apply(ops, to: rollout)
        #expect(result[path: ["spec", "template", "spec", "containers"]][0]["image"] == "v1")
        #expect(result[path: ["spec", "replicas"]] == 2)
    }

    @Test("add, remove, move, copy, test and array indices")
    func operations() throws {
        let doc = try JSON.parse(#"{"a":[1,2],"b":{"c":"x"},"k~/":1}"#)
        let ops = try JSON.parse(#"""
        [{"op":"add","path":"/a/1","value":9},{"op":"add","path":"/a/-","value":7},
         {"op":"remove","path":"/a/0"},{"op":"copy","from":"/b/c","path":"/d"},
         {"op":"move","from":"/b","path":"/e"},{"op":"test","path":"/d","value":"x"},
         {"op":"replace","path":"/k~0~1","value":2}]
        """#)
        let result = try JSONPatch.apply(ops, to: doc)
        #expect(result == (try JSON.parse(#"{"a":[9,2,7],"d":"x","e":{"c":"x"},"k~/":2}"#)))
    }

    @Test("failures name the problem", arguments: [
        (#"[{"op":"replace","path":"/missing","value":1}]"#, "path /missing does not exist"),
        (#"[{"op":"test","path":"/a","value":2}]"#, "test operation failed at /a"),
        (#"[{"op":"frob","path":"/a"}]"#, "unknown JSON patch operation \"frob\""),
        (#"{"op":"add"}"#, "a JSON patch must be an array of operations"),
        (#"[{"op":"add","path":"a","value":1}]"#, "invalid JSON pointer \"a\""),
    ])
    func failures(ops: String, message: String) throws {
        let error = #expect(throws: JSONPatch.Failure.self) {
            try JSONPatch.apply(try JSON.parse(ops), to: ["a": 1])
        }
        #expect(error?.description == message)
    }
}

@Suite("Strategic merge patch")
struct StrategicMergePatchTests {
    @Test("containers merge by name; an image change keeps the other containers and fields")
    func containersByName() throws {
        let pod = try JSON.parse(#"{"spec":{"containers":[{"name":"app","image":"a:1","ports":[{"containerPort":80}]},{"name":"side","image":"s:1"}]}}"#)
        let patch = try JSON.parse(#"{"spec":{"containers":[{"name":"app","image":"a:2"}]}}"#)
        let result = StrategicMergePatch.apply(patch, to: pod)
        let containers = try #require(result[path: ["spec", "containers"]].arrayValue)
        #expect(containers.count == 2)
        #expect(containers[0]["image"] == "a:2")
        #expect(containers[0]["ports"][0]["containerPort"] == 80)
        #expect(containers[1]["image"] == "s:1")
    }

    @Test("a Service selector patch adds the hash label; ports merge by port")
    func serviceSelector() throws {
        let service = try JSON.parse(#"{"spec":{"selector":{"app":"web"},"ports":[{"port":80,"targetPort":8080},{"port":443}]}}"#)
        let patch = try JSON.parse(#"{"spec":{"selector":{"rollouts-pod-template-hash":"abc"},"ports":[{"port":80,"targetPort":9090}]}}"#)
        let result = StrategicMergePatch.apply(patch, to: service)
        #expect(result[path: ["spec", "selector"]] == ["app": "web", "rollouts-pod-template-hash": "abc"])
        #expect(result[path: ["spec", "ports"]].arrayValue?.count == 2)
        #expect(result[path: ["spec", "ports"]][0]["targetPort"] == 9090)
    }

    @Test("$patch directives: delete a list element, replace a map; unkeyed lists are replaced")
    func directives() throws {
        let target = try JSON.parse(#"{"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"labels":{"x":"1","y":"2"},"args":["a","b"]}"#)
        let patch = try JSON.parse(#"{"env":[{"name":"A","$patch":"delete"},{"name":"C","value":"3"}],"labels":{"$patch":"replace","z":"3"},"args":["c"]}"#)
        let result = StrategicMergePatch.apply(patch, to: target)
        #expect(result["env"] == (try JSON.parse(#"[{"name":"B","value":"2"},{"name":"C","value":"3"}]"#)))
        #expect(result["labels"] == ["z": "3"])
        #expect(result["args"] == ["c"])
    }
}
