using IstioTls.Analysis.Misdirected;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.MisdirectedFixtures;

namespace IstioTls.Tests.Misdirected;

/// <summary>
/// Which EnvoyFilters are this tool's 421 filters: what <c>check</c> judges and what
/// <c>apply-421 --delete</c> removes, never anybody else's filter.
/// </summary>
public class MisdirectedFilterMarksTests
{
    private static string Filter(string key, string selector, string? managedBy = MisdirectedFilterMarks.ManagedBy, string? mode = "strict")
    {
        var labels = new List<string>();
        if (managedBy is not null)
        {
            labels.Add($"{MisdirectedFilterMarks.ManagedByLabel}={managedBy}");
        }
        if (mode is not null)
        {
            labels.Add($"{MisdirectedFilterMarks.ModeLabel}={mode}");
        }
        return Manifests.EnvoyFilter(key, selector, [], string.Join(",", labels));
    }

    private static readonly string Installed =
        Filter("istio-system/ours-ingress", Ingress)
        + Filter("apps/ours-shop", "app=shop", mode: "precise")
        + Filter("istio-system/ours-shop", "app=shop")
        + Filter("istio-system/another-tool", Ingress, managedBy: "helm")
        + Filter("istio-system/no-mode", Ingress, mode: null)
        + Filter("istio-system/unknown-mode", Ingress, mode: "lenient");

    public static TheoryData<string?, string?, string[]> Queries => new()
    {
        { null, null, ["apps/ours-shop", "istio-system/ours-ingress", "istio-system/ours-shop"] },
        { "app=shop", null, ["apps/ours-shop", "istio-system/ours-shop"] },
        { null, "istio-system", ["istio-system/ours-ingress", "istio-system/ours-shop"] },
        { "app=shop", "apps", ["apps/ours-shop"] },
        { Ingress, "apps", [] },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Delete_finds_only_this_tools_filters_of_the_selector_and_namespace(string? selector, string? ns, string[] expected)
    {
        var found = MisdirectedFilterMarks.Installed(Manifests.Snapshot(Installed), selector is null ? null : LabelsOf(selector), ns);

        Assert.Equal(expected, found.Select(r => $"{r.Namespace}/{r.Name}"));
    }

    [Theory]
    [InlineData("strict", MisdirectedMode.Strict)]
    [InlineData("Precise", MisdirectedMode.Precise)]
    [InlineData("lenient", null)]
    [InlineData("", null)]
    public void The_mode_label_names_the_mode(string label, MisdirectedMode? mode)
    {
        var snapshot = Manifests.Snapshot(Filter("istio-system/f", Ingress, mode: label));

        Assert.Equal(mode, MisdirectedFilterMarks.ModeOf(Assert.Single(snapshot.EnvoyFilters)));
    }
}
