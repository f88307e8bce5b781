using IstioTls.Application;
using IstioTls.CommandLine;

namespace IstioTls.Tests;

/// <summary>merge's flags become typed options, and the rules between them are checked, before
/// anything is read.</summary>
public class MergeArgumentsTests
{
    private static readonly GlobalFlags NoFlags = new(null, null, null, null, null, false, null, null, null, false, "auto");

    [Theory]
    [InlineData("web", "--into must be NAMESPACE/NAME, not \"web\"")]
    [InlineData("web/a/b", "--into must be NAMESPACE/NAME, not \"web/a/b\"")]
    [InlineData("/a", "--into must be NAMESPACE/NAME, not \"/a\"")]
    public void Into_must_be_namespace_slash_name(string into, string message)
    {
        var error = Assert.Throws<UsageException>(() => MergeArguments.Parse(NoFlags, dryRun: true, ["x.yaml"], "table", into, false, false, null, false));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Into_is_read_as_a_gateway_name()
    {
        var request = MergeArguments.Parse(NoFlags, dryRun: true, ["x.yaml"], "manifests", "web/a", false, false, null, false);

        Assert.Equal(new Model.NamespacedName("web", "a"), request.Options.Into);
        Assert.True(request.Manifests);
        Assert.Equal(new ManifestInput(["x.yaml"]).Paths, Assert.IsType<ManifestInput>(request.Input).Paths);
    }

    [Fact]
    public void Files_without_dry_run_and_several_contexts_are_refused()
    {
        var files = Assert.Throws<UsageException>(() => MergeArguments.Parse(NoFlags, dryRun: false, ["x.yaml"], "table", null, false, false, null, false));
        var contexts = Assert.Throws<UsageException>(() => MergeArguments.Parse(NoFlags with { Contexts = "a,b" }, dryRun: false, null, "table", null, false, false, null, false));

        Assert.StartsWith("merge -f reads files, not a cluster", files.Message, StringComparison.Ordinal);
        Assert.Equal("merge writes to one cluster: choose it with --context, not --contexts or --all-contexts", contexts.Message);
        Assert.IsType<ClusterInput>(MergeArguments.Parse(NoFlags, dryRun: false, null, "table", null, false, false, null, false).Input);
    }
}
