import Testing
import TandemKubeModel

@Suite("Label selectors")
struct LabelSelectorTests {
    @Test("string form parses every operator and matches like the API server", arguments: [
        ("app=web", ["app": "web"], true),
        ("app==web", ["app": "web"], true),
        ("app!=web", ["app": "api"], true),
        ("app!=web", [:], true),
        ("env in (prod, staging)", ["env": "staging"], true),
        ("env in (prod,staging)", ["env": "dev"], false),
        ("env notin (prod)", [:], true),
        ("env notin (prod)", ["env": "prod"], false),
        ("tier", ["tier": "x"], true),
        ("!tier", ["tier": "x"], false),
        ("app=web,rollouts-pod-template-hash=abc", ["app": "web", "rollouts-pod-template-hash": "abc"], true),
        ("app=web,rollouts-pod-template-hash=abc", ["app": "web"], false),
        ("", ["anything": "x"], true),
    ] as [(String, [String: String], Bool)])
    func stringForm(selector: String, labels: [String: String], matches: Bool) throws {
        #expect(try LabelSelector(parsing: selector).matches(labels) == matches)
    }

    @Test("object form with matchLabels and matchExpressions")
    func objectForm() throws {
        let object = try JSON.parse(#"{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"env","operator":"In","values":["a","b"]},{"key":"x","operator":"DoesNotExist"}]}"#)
        let selector = LabelSelector(object: object)
        #expect(selector.matches(["app": "web", "env": "a"]))
        #expect(!selector.matches(["app": "web", "env": "c"]))
        #expect(!selector.matches(["app": "web", "env": "a", "x": "1"]))
        #expect(selector.description == "app=web,env in (a,b),!x")
    }

    @Test("description round-trips through the parser")
    func roundTrip() throws {
        let text = "a=b,c!=d,e in (x,y),f notin (z),g,!h"
        let selector = try LabelSelector(parsing: text)
        #expect(selector.description == text)
        #expect(try LabelSelector(parsing: selector.description) == selector)
    }

    @Test("garbage is rejected with the bad term quoted")
    func rejects() {
        #expect(throws: LabelSelector.ParseError.self) { try LabelSelector(parsing: "a b c") }
    }
}

@Suite("Durations")
struct KubeDurationTests {
    @Test("parses kubectl and Argo forms", arguments: [
        ("200ms", Duration.milliseconds(200)), ("5s", .seconds(5)), ("10m", .seconds(600)), ("1h", .seconds(3600)),
        ("1h30m", .seconds(5400)), ("10", .seconds(10)), ("1.5s", .milliseconds(1500)), ("2m3s", .seconds(123)),
    ])
    func parse(text: String, expected: Duration) throws {
        #expect(try KubeDuration.parse(text) == expected)
    }

    @Test("rejects malformed durations", arguments: ["", "abc", "5x", "-5s", "5s3"])
    func rejects(text: String) {
        #expect(throws: KubeDuration.ParseError.self) { try KubeDuration.parse(text) }
    }

    @Test("formats the short form", arguments: [
        (Duration.milliseconds(250), "250ms"), (.seconds(5), "5s"), (.seconds(90), "1m30s"), (.seconds(3600), "1h"),
        (.zero, "0s"), (.milliseconds(1500), "1.5s"),
    ])
    func format(duration: Duration, expected: String) {
        #expect(KubeDuration.format(duration) == expected)
    }
}

@Suite("JSON values")
struct JSONValueTests {
    @Test("numbers, booleans and strings keep their types through parse and serialize")
    func typesSurvive() throws {
        let text = #"{"b":true,"d":1.5,"i":1,"n":null,"s":"1","z":0}"#
        let value = try JSON.parse(text)
        #expect(value["i"] == .int(1))
        #expect(value["z"] == .int(0))
        #expect(value["b"] == .bool(true))
        #expect(value["s"] == .string("1"))
        #expect(value.serializedString() == text)
    }
}
