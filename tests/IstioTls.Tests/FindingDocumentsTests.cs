using System.Text;
using System.Text.Json.Nodes;
using IstioTls.Analysis;
using IstioTls.Tests.IstiodCases;
using IstioTls.Tests.Misdirected;
using IstioTls.Printers;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>
/// Every finding of the rule tables, whole: the tables say "Code severity servers"; this golden
/// file holds what each finding also says (message, hosts, certificate, fix, workloads, the
/// listener), as <c>check -o json</c> prints it, made in this process so that a mutant of a rule's
/// words or hosts fails it. Review its diff like any golden file's.
/// </summary>
public class FindingDocumentsTests
{
    [Trait("Category", Golden.Category)]
    [Fact]
    public void The_rule_tables_findings_in_full()
    {
        var text = new StringBuilder();
        Add(text, "RuleTests", RuleTests.Cases, row => (string)row[1]);
        Add(text, "GatewayApiTests", GatewayApiTests.Cases, row => (string)row[1]);
        Add(text, "CheckWithFiltersTests", CheckWithFiltersTests.Cases.Select(r => new object[] { r.Name, r.First() }), row => (string)row[1]);
        Add(text, "IstiodCasesTests", IstiodCasesTests.Checks, row => File.ReadAllText(Path.Combine(Repo.Cases, "istiod", (string)row[0])));

        Golden.Match("rule-findings.txt", text.ToString());
    }

    private static void Add(StringBuilder text, string table, IEnumerable<object[]> rows, Func<object[], string> yaml)
    {
        foreach (var row in rows)
        {
            var report = Manifests.Check(yaml(row));
            text.Append($"### {table}: {row[0]}\n");
            Print(text, report.Findings);
            if (report.Suppressed.Count > 0)
            {
                text.Append("suppressed:\n");
                Print(text, report.Suppressed);
            }
        }
    }

    private static void Print(StringBuilder text, IReadOnlyList<Finding> findings)
    {
        using var output = new StringWriter();
        DocumentPrinter.Print(new JsonArray([.. findings.Select(f => (JsonNode)ReportDocument.Finding(f))]), OutputFormat.Json, output);
        text.Append(output);
    }
}
