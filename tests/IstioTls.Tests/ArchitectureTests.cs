using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace IstioTls.Tests;

/// <summary>
/// The flow of the code, as rules over the library's types (docs/architecture.md): sources
/// (Documents, Sources, Cluster) and the judge (Analysis) stand on the Model; plans on the
/// judge; printers on plans; the application layer runs them; the command line sits on top.
/// Each layer may use only the layers the table allows, so an edge back (Cluster calling the
/// analysis, Plans throwing the command line's errors) fails here.
/// </summary>
public class ArchitectureTests
{
    private static readonly Architecture Library =
        new ArchLoader().LoadAssemblies(typeof(Model.Gateway).Assembly).Build();

    private static readonly string[] Layers = ["Model", "Documents", "Sources", "Cluster", "Analysis", "Probing", "Plans", "Printers", "Application", "CommandLine"];

    /// <summary>Each layer and the layers it may use.</summary>
    public static TheoryData<string, string[]> Allowed => new()
    {
        { "Model", [] },
        { "Documents", ["Model"] },
        { "Sources", ["Model", "Documents"] },
        { "Cluster", ["Model", "Documents", "Sources"] },
        { "Analysis", ["Model"] },
        { "Probing", ["Model"] },
        { "Plans", ["Model", "Documents", "Analysis"] },
        { "Printers", ["Model", "Documents", "Analysis", "Plans", "Probing"] },
        { "Application", ["Model", "Documents", "Sources", "Cluster", "Analysis", "Plans", "Probing"] },
        { "CommandLine", ["Model", "Documents", "Sources", "Cluster", "Analysis", "Plans", "Printers", "Application", "Probing"] },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void A_layer_uses_only_the_layers_below_it(string layer, string[] allowed)
    {
        foreach (var other in Layers.Where(l => l != layer && !allowed.Contains(l)))
        {
            Rule(layer, other).Check(Library);
        }
    }

    [Fact]
    public void Every_type_of_the_library_is_in_a_layer()
    {
        var outside = Library.Types
            .Where(t => t.FullName.StartsWith("IstioTls.", StringComparison.Ordinal) && !t.FullName.Contains('<', StringComparison.Ordinal))
            .Where(t => !Layers.Any(l => t.Namespace.FullName == $"IstioTls.{l}" || t.Namespace.FullName.StartsWith($"IstioTls.{l}.", StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(outside);
    }

    [Fact]
    public void The_rules_see_the_edges_that_exist()
    {
        // A test of the test: every layer but the Model (and Probing, which speaks HTTP and knows
        // no Istio object) uses the Model, so the rule that forbids it must fail for each; a rule
        // that sees no dependency would pass the table above too.
        foreach (var layer in Layers.Where(l => l is not ("Model" or "Probing")))
        {
            Assert.False(Rule(layer, "Model").HasNoViolations(Library), $"{layer} does not seem to use the Model");
        }
        Assert.False(Rule("Application", "Cluster").HasNoViolations(Library));
        Assert.False(Rule("Application", "Probing").HasNoViolations(Library));
        Assert.False(Rule("Printers", "Probing").HasNoViolations(Library));
    }

    private static IArchRule Rule(string layer, string forbidden) =>
        Types().That().ResideInNamespaceOrBelow($"IstioTls.{layer}")
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceOrBelow($"IstioTls.{forbidden}")
            .Because($"{layer} may not use {forbidden} (docs/architecture.md)");
}
