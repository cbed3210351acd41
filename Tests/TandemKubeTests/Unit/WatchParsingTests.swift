import Foundation
import Testing
@testable import TandemKube
import TandemKubeModel

@Suite("Watch stream parsing")
struct WatchParsingTests {
    @Test("events split across chunks and several per chunk arrive in order")
    func chunking() async throws {
        let transport = FakeTransport { _, _ in
            .init(200, chunks: [#"{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"1"}}}"# + "\n" + #"{"type":"MODI"#,
                                #"FIED","object":{"metadata":{"name":"a","resourceVersion":"2"}}}"# + "\n",
                                #"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"5"}}}"#])
        }
        let stream = try await makeClient(transport).watchOnce(.rollouts, resourceVersion: "0")
        var kinds: [WatchEvent.Kind] = []
        var versions: [String] = []
        for try await event in stream {
            kinds.append(event.kind)
            versions.append(event.object.resourceVersion ?? "")
        }
        #expect(kinds == [.added, .modified, .bookmark])
        #expect(versions == ["1", "2", "5"])
        let url = try #require(transport.requests.first?.url)
        #expect(url.contains("watch=1&resourceVersion=0&allowWatchBookmarks=true"))
    }

    @Test("an ERROR event with a 410 Status is thrown as Gone")
    func goneEvent() async throws {
        let transport = FakeTransport { _, _ in
            .init(200, #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 1 (5)","reason":"Expired","code":410}}"# + "\n")
        }
        let stream = try await makeClient(transport).watchOnce(.rollouts, resourceVersion: "1")
        let error = await #expect(throws: KubeError.self) { for try await _ in stream {} }
        #expect(error?.isGone == true)
    }

    @Test("waitForRollout relists after 410, resumes after a cut stream, and returns once Healthy")
    func waitResilience() async throws {
        let healthy = #"{"metadata":{"name":"web","generation":2,"resourceVersion":"30"},"spec":{"replicas":1,"strategy":{"blueGreen":{}}},"status":{"observedGeneration":"2","phase":"Healthy"}}"#
        let progressing = #"{"metadata":{"name":"web","generation":2,"resourceVersion":"10"},"status":{"observedGeneration":"1","phase":"Healthy"}}"#
        let transport = FakeTransport { request, index in
            let isWatch = request.url.contains("watch=1")
            switch (index, isWatch) {
            case (0, false): return .init(200, #"{"metadata":{"resourceVersion":"10"},"items":[\#(progressing)]}"#)
            case (1, true): return .status(.gone("too old resource version"))
            case (2, false): return .init(200, #"{"metadata":{"resourceVersion":"20"},"items":[\#(progressing)]}"#)
            case (3, true): return .init(200, chunks: [#"{"type":"MODIFIED","object":{"metadata":{"name":"web","resourceVersion":"25"}}}"# + "\n", #"{"type":"MODI"#])
            default: return .init(200, #"{"type":"MODIFIED","object":\#(healthy)}"# + "\n")
            }
        }
        let rollout = try await makeClient(transport).waitForRollout("web", until: .healthy, timeout: .seconds(20))
        #expect(rollout.resourceVersion == "30")
        let urls = transport.requests.map(\.url)
        #expect(urls[1].contains("resourceVersion=10"))
        #expect(urls[3].contains("resourceVersion=20"))
        // After the cut stream the watch resumes from the last version seen.
        #expect(urls[4].contains("resourceVersion=25"))
    }

    @Test("a wait that reaches its deadline says what it waited for and what it last saw")
    func waitTimeout() async throws {
        let paused = #"{"metadata":{"name":"web","generation":1,"resourceVersion":"3"},"spec":{"strategy":{"blueGreen":{}}},"status":{"observedGeneration":"1","phase":"Paused","message":"BlueGreenPause","pauseConditions":[{"reason":"BlueGreenPause"}],"controllerPause":true}}"#
        let transport = FakeTransport { request, _ in
            request.url.contains("watch=1") ? .init(200, "") : .init(200, #"{"metadata":{"resourceVersion":"3"},"items":[\#(paused)]}"#)
        }
        let error = await #expect(throws: KubeError.self) {
            try await makeClient(transport).waitForRollout("web", until: .healthy, timeout: .milliseconds(200))
        }
        let text = error?.description ?? ""
        #expect(text.contains("waiting for rollout shop/web to be Healthy"), "\(text)")
        #expect(text.contains("last observed: phase Paused - BlueGreenPause"), "\(text)")
    }

    @Test("waiting for Healthy fails fast when the rollout is Degraded")
    func degraded() async throws {
        let aborted = #"{"metadata":{"name":"web","generation":1,"resourceVersion":"3"},"status":{"observedGeneration":"1","phase":"Degraded","message":"RolloutAborted: Rollout aborted update to revision 2"}}"#
        let transport = FakeTransport { _, _ in .init(200, #"{"metadata":{"resourceVersion":"3"},"items":[\#(aborted)]}"#) }
        let error = await #expect(throws: KubeError.self) {
            try await makeClient(transport).waitForRollout("web", until: .healthy, timeout: .seconds(5))
        }
        #expect(error?.description.contains("The rollout is in a degraded state with message: RolloutAborted") == true)
    }
}
