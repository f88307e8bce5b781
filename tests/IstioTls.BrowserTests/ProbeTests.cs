using IstioTls.BrowserTests.Support;
using Xunit.Abstractions;

namespace IstioTls.BrowserTests;

/// <summary>
/// <c>probe</c> against the stand-in, in each scenario of the browser tests: what it says for
/// every pair, and its exit code. (The browser test of each scenario also runs the probe on its
/// own stand-in and asserts the probe's verdict is what the browser met.)
/// </summary>
public sealed class ProbeTests(ITestOutputHelper output)
{
    private const string Asm1 = "asm1.test.com";
    private const string Asm2 = "asm2.test.com";
    private const string Asm3 = "asm3.test.com";

    [Theory]
    [InlineData("two Gateways")]
    [InlineData("one Gateway")]
    public void The_seeds_examples_are_misrouted_both_ways_and_exit_1(string example)
    {
        var scenario = Scenarios.Seed(example);
        using var standIn = scenario.Start(StandIn.AllocatePorts(scenario.Listeners));

        var probe = Probe.Run(standIn, Asm1, Asm2);
        output.WriteLine(probe.Output);

        Assert.Equal(1, probe.ExitCode);
        Assert.Equal(
            [(Asm1, Asm2, 404, 200, "misrouted", "reused"), (Asm2, Asm1, 404, 200, "misrouted", "reused")],
            probe.Pairs.Select(p => (p.Sni, p.Authority, p.Status, p.BaselineStatus, p.Verdict, p.Connection)).Select(t => (t.Sni, t.Authority, t.Status ?? 0, t.BaselineStatus ?? 0, t.Verdict, t.Connection)));
        AssertStandInSaw(standIn, Asm1, Asm2);
    }

    [Theory]
    [InlineData("two Gateways")]
    [InlineData("one Gateway")]
    public void After_the_merge_every_pair_is_served_and_exit_0(string example)
    {
        var scenario = Scenarios.Seed(example).Merged();
        using var standIn = scenario.Start(StandIn.AllocatePorts(scenario.Listeners));

        var probe = Probe.Run(standIn, Asm1, Asm2);
        output.WriteLine(probe.Output);

        Assert.Equal(0, probe.ExitCode);
        Assert.All(probe.Pairs, p => Assert.Equal((200, 200, "served", "reused"), (p.Status ?? 0, p.BaselineStatus ?? 0, p.Verdict, p.Connection)));
        Assert.Equal(2, probe.Pairs.Count);
    }

    [Theory]
    [InlineData("two Gateways")]
    [InlineData("one Gateway")]
    public void With_the_strict_filter_every_pair_is_misdirected_and_exit_0(string example)
    {
        var broken = Scenarios.Seed(example);
        var ports = StandIn.AllocatePorts(broken.Listeners);
        var scenario = broken.With421("strict", ports);
        using var standIn = scenario.Start(ports);

        var probe = Probe.Run(standIn, Asm1, Asm2);
        output.WriteLine(probe.Output);

        Assert.Equal(0, probe.ExitCode);
        Assert.All(probe.Pairs, p => Assert.Equal((421, 200, "misdirected"), (p.Status ?? 0, p.BaselineStatus ?? 0, p.Verdict)));
        Assert.Equal(2, probe.Pairs.Count);
    }

    [Fact]
    public void With_the_precise_filter_another_servers_host_is_misdirected_and_the_same_servers_host_served()
    {
        var broken = Scenarios.TwoHostsOneServer();
        var ports = StandIn.AllocatePorts(broken.Listeners);
        var scenario = broken.With421("precise", ports);
        using var standIn = scenario.Start(ports);

        var probe = Probe.Run(standIn, Asm1, Asm2, Asm3);
        output.WriteLine(probe.Output);

        Assert.Equal(0, probe.ExitCode);
        Assert.Equal("misdirected", probe.Pair(Asm1, Asm2).Verdict);
        Assert.Equal("misdirected", probe.Pair(Asm2, Asm3).Verdict);
        Assert.Equal("served", probe.Pair(Asm1, Asm3).Verdict);
        Assert.Equal("served", probe.Pair(Asm3, Asm1).Verdict);
        Assert.Equal(6, probe.Pairs.Count);
    }

    [Fact]
    public void Without_the_filter_only_the_other_servers_host_is_misrouted()
    {
        var scenario = Scenarios.TwoHostsOneServer();
        using var standIn = scenario.Start(StandIn.AllocatePorts(scenario.Listeners));

        var probe = Probe.Run(standIn, Asm1, Asm2, Asm3);
        output.WriteLine(probe.Output);

        Assert.Equal(1, probe.ExitCode);
        Assert.Equal(("misrouted", 404, 200), (probe.Pair(Asm1, Asm2).Verdict, probe.Pair(Asm1, Asm2).Status, probe.Pair(Asm1, Asm2).BaselineStatus));
        Assert.Equal("misrouted", probe.Pair(Asm3, Asm2).Verdict);
        Assert.Equal("served", probe.Pair(Asm1, Asm3).Verdict);
    }

    [Fact]
    public void With_a_certificate_per_server_no_pair_is_coalescable()
    {
        var scenario = Scenarios.SeparateCertificates();
        using var standIn = scenario.Start(StandIn.AllocatePorts(scenario.Listeners));

        var probe = Probe.Run(standIn, Asm1, Asm2);
        output.WriteLine(probe.Output);

        Assert.Equal(0, probe.ExitCode);
        Assert.All(probe.Pairs, p => Assert.Equal(("not-coalescable", "separate", null, null), (p.Verdict, p.Connection, p.Status, p.BaselineStatus)));
        Assert.Equal($"the certificate for {Asm1} does not name {Asm2}: browsers open a connection of its own", probe.Pair(Asm1, Asm2).Cause);
    }

    /// <summary>The stand-in's log: each pair was one connection with SNI A carrying A then B, and a
    /// connection with SNI B for the baseline.</summary>
    private static void AssertStandInSaw(StandIn standIn, string a, string b)
    {
        var requests = standIn.Requests();
        var onA = requests.Where(r => r.Sni == a).GroupBy(r => r.Connection).Select(g => g.Select(r => (r.Host, r.Protocol)).ToList()).ToList();
        Assert.Contains(onA, c => c.SequenceEqual([(a, "HTTP/2.0"), (b, "HTTP/2.0")]));
        Assert.Contains(onA, c => c.SequenceEqual([(a, "HTTP/2.0")]));
    }
}
