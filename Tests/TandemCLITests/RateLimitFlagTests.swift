import Testing

@Suite("--kube-qps and --kube-burst")
struct RateLimitFlagTests {
    @Test("a burst below 1 is a usage error naming the flag")
    func burstBelowOneIsRefused() throws {
        let result = try TandemBinary.run(["kube", "check", "--sim", "--kube-burst", "0"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--kube-burst must be at least 1, not 0"))
    }

    @Test("a rate that is not a number is a usage error, from the flag or from TANDEM_KUBE_QPS")
    func unreadableRateIsRefused() throws {
        let flag = try TandemBinary.run(["kube", "check", "--sim", "--kube-qps", "nan"])
        #expect(flag.status == 2)
        #expect(flag.stderr.contains("--kube-qps must be 0 (no limit) or a positive number"))
        let variable = try TandemBinary.run(["kube", "check", "--sim"], environment: ["TANDEM_KUBE_QPS": "fast"])
        #expect(variable.status == 2)
        #expect(variable.stderr.contains("TANDEM_KUBE_QPS \"fast\" is not a number"))
        let burst = try TandemBinary.run(["kube", "check", "--sim"], environment: ["TANDEM_KUBE_BURST": "1.5"])
        #expect(burst.status == 2)
        #expect(burst.stderr.contains("TANDEM_KUBE_BURST \"1.5\" is not a whole number"))
    }

    @Test("the flags are documented in --help with their defaults and variables")
    func helpNamesDefaults() throws {
        let help = try TandemBinary.run(["kube", "check", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--kube-qps"))
        #expect(help.stdout.contains("TANDEM_KUBE_QPS"))
        #expect(help.stdout.contains("TANDEM_KUBE_BURST"))
    }
}
