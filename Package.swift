// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "tandem",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tandem", targets: ["tandem"]),
        .executable(name: "tandem-kube-bench", targets: ["TandemKubeBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        // Hummingbird's own dependency; TandemServer runs its ServiceGroup (graceful shutdown on SIGTERM).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        /// The release plan: model, YAML loading with line:column, validation, graph, waves. Pure values.
        /// (Its composer also imports CYaml, libyaml's module, which comes with the Yams product.)
        .target(name: "TandemPlan", dependencies: [.product(name: "Yams", package: "Yams")]),
        /// Kubernetes object values shared by the client and the simulator: JSON, patches, selectors, durations.
        .target(name: "TandemKubeModel", dependencies: []),
        /// The only code that speaks HTTP to Kubernetes: kubeconfig, auth, TLS, watch, Argo Rollouts operations.
        .target(name: "TandemKube", dependencies: [
            "TandemKubeModel",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ]),
        /// Versioned ConfigMaps, revision-pinned Services, Rollout template rewrites, the pairing report. Pure values:
        /// the cluster I/O that carries pairing out is TandemEngine's (Pairing/).
        .target(name: "TandemPairing", dependencies: [
            "TandemPlan", "TandemKubeModel",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        /// The simulated cluster: Kubernetes API server, Argo Rollouts controller emulation, simulated pods.
        .target(name: "TandemSim", dependencies: [
            "TandemKubeModel",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Yams", package: "Yams"),   // the seeder's plans, kubeconfig merging, Argo CD's rendered manifests
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        /// The release's vocabulary: release, step and checkpoint states, the closed step kind and each kind's
        /// typed detail, the approval policy, every event kind. Pure values; imports nothing of tandem's.
        .target(name: "TandemRelease", dependencies: []),
        /// SQLite through GRDB: releases, steps, approvals, events, locks; migrations never edited once shipped.
        .target(name: "TandemStore", dependencies: [
            "TandemRelease",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        /// GitOps mode's side of git: the repository (clean files, branch, remote), commits with a
        /// Tandem-Release trailer, push with fetch-and-rebase, reverts; through the real `git` binary.
        .target(name: "TandemGitOps", dependencies: []),
        /// Automatic checkpoint gates: the ServiceNow Table API change gate and the HTTP gate.
        .target(name: "TandemGates", dependencies: [
            "TandemPlan",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        /// The release: its program (which steps, in which order), the pure state machine and step graph, the
        /// runner and one step runner per kind, rollback, lockstep canary groups, GitOps edits, and the one
        /// summary of each outcome. Reaches the cluster through TandemKube, records through TandemStore.
        .target(name: "TandemEngine", dependencies: [
            "TandemRelease", "TandemPlan", "TandemPairing", "TandemKube", "TandemKubeModel", "TandemStore", "TandemGitOps", "TandemGates",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        /// Webhook notifications of release outcomes: composed per webhook from the outcome's summary,
        /// queued in the store's outbox by whichever process drove the release, delivered by `tandem serve`.
        .target(name: "TandemNotify", dependencies: [
            "TandemEngine", "TandemStore",
            .product(name: "Logging", package: "swift-log"),
        ]),
        /// Approval API and dashboard (Hummingbird); reads and writes the Store, and drives
        /// releases submitted with `release start --server` through the engine.
        .target(name: "TandemServer", dependencies: [
            "TandemRelease", "TandemStore", "TandemEngine", "TandemNotify", "TandemPlan", "TandemPairing", "TandemKube",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        /// ArgumentParser commands, one file per command; picks the real or the simulated cluster.
        .target(name: "TandemCLI", dependencies: [
            "TandemPlan", "TandemKube", "TandemKubeModel", "TandemPairing", "TandemSim", "TandemRelease", "TandemStore", "TandemEngine", "TandemNotify", "TandemServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], plugins: ["BuildCommitPlugin"]),
        /// Generates the git commit the binary is built from, for `tandem version`.
        .plugin(name: "BuildCommitPlugin", capability: .buildTool()),
        /// The `tandem` executable: one call into TandemCLI.
        .executableTarget(name: "tandem", dependencies: ["TandemCLI"]),
        /// A benchmark beside the product: the Kubernetes client against an in-process simulated
        /// cluster (scripts/bench-kube.sh). Not part of `tandem`.
        .executableTarget(name: "TandemKubeBench", dependencies: [
            "TandemKube", "TandemKubeModel", "TandemSim",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        /// What the test targets share: the `tandem` binary's locator, a process runner, the seeded
        /// random generator, the example plans in plans/, a sqlite3 write-lock holder, a loopback HTTP server and
        /// the peers tests run on it (a ServiceNow Table API fake, an http gate endpoint).
        .target(name: "TandemTestSupport", dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
                path: "Tests/TandemTestSupport"),

        /// Recorded releases for the store's and the server's tests: plans from plans/, programs from the engine's
        /// ProgramBuilder. Apart from TandemTestSupport so that tests below the engine do not build it.
        .target(name: "TandemReleaseFixtures", dependencies: ["TandemEngine", "TandemPlan", "TandemStore", "TandemTestSupport"],
                path: "Tests/TandemReleaseFixtures"),

        /// One home for the in-process test worlds: a started simulated cluster with a client, seeded from a plan
        /// with the product's WorldSeeder (as `tandem sim seed`). Apart from TandemTestSupport, which stays free of
        /// product modules for TandemCLITests.
        .target(name: "TandemSimFixtures", dependencies: ["TandemSim", "TandemKube", "TandemKubeModel", "TandemPlan"],
                path: "Tests/TandemSimFixtures"),

        .testTarget(name: "TandemPlanTests", dependencies: [
            "TandemPlan", "TandemTestSupport",
            // Only to check that the plan loader's composer gives Yams' trees and errors.
            .product(name: "Yams", package: "Yams"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "TandemKubeModelTests", dependencies: ["TandemKubeModel"]),
        .testTarget(name: "TandemKubeTests", dependencies: [
            "TandemKube", "TandemKubeModel", "TandemSim", "TandemSimFixtures", "TandemTestSupport",
            // Only for the one writer of a container's image in a Rollout template (PodTemplateRewrite).
            "TandemPairing",
        ]),
        .testTarget(name: "TandemPairingTests", dependencies: ["TandemPairing", "TandemKubeModel", "TandemTestSupport"]),
        .testTarget(name: "TandemSimTests", dependencies: ["TandemSim", "TandemKubeModel", "TandemTestSupport", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "TandemGitOpsTests", dependencies: ["TandemGitOps", "TandemTestSupport"]),
        .testTarget(name: "TandemGatesTests", dependencies: [
            "TandemGates", "TandemTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .testTarget(name: "TandemReleaseTests", dependencies: ["TandemRelease"]),
        .testTarget(name: "TandemStoreTests", dependencies: [
            "TandemRelease", "TandemStore", "TandemTestSupport", "TandemReleaseFixtures", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "TandemEngineTests", dependencies: [
            "TandemEngine", "TandemRelease", "TandemPlan", "TandemStore", "TandemSim", "TandemKube", "TandemKubeModel", "TandemPairing",
            "TandemSimFixtures", "TandemTestSupport",
            // Only to read what `kubectl kustomize` renders in the GitOps end-to-end tests.
            .product(name: "Yams", package: "Yams"),
        ]),
        .testTarget(name: "TandemServerTests", dependencies: [
            "TandemServer", "TandemNotify", "TandemRelease", "TandemStore", "TandemEngine", "TandemPlan", "TandemKube", "TandemSim", "TandemSimFixtures",
            "TandemTestSupport",
            "TandemReleaseFixtures",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        /// Runs the built `tandem` binary only; imports no module of the product.
        .testTarget(name: "TandemCLITests", dependencies: ["TandemTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
