using System.Text.Json.Nodes;
using IstioTls.Printers.JsonPath;

namespace IstioTls.Tests;

/// <summary>kubectl's JSONPath, as its documentation shows it, over a small report document.</summary>
public class JsonPathTemplateTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""
        {
          "findings": [
            {"code": "SharedCertificate", "severity": "error", "port": 443, "servers": [{"gateway": "ns/a", "index": 0}, {"gateway": "ns/b", "index": 0}]},
            {"code": "DuplicateHost", "severity": "warning", "port": 8443, "servers": [{"gateway": "ns/c", "index": 1}]}
          ],
          "summary": {"gateways": 3, "partial": false, "contexts": ["dev", "prod"]}
        }
        """)!;

    public static TheoryData<string, string> Cases => new()
    {
        { "{.summary.gateways}", "3" },
        { "{$.summary.partial}", "false" },
        { "{.findings[0].code}", "SharedCertificate" },
        { "{.findings[-1].code}", "DuplicateHost" },
        { "{.findings[*].code}", "SharedCertificate DuplicateHost" },
        { "{.findings[*].servers[*].gateway}", "ns/a ns/b ns/c" },
        { "{.findings[0:1].code}", "SharedCertificate" },
        { "{['summary']['contexts'][1]}", "prod" },
        { "{..gateway}", "ns/a ns/b ns/c" },
        { "{.summary.*}", "3 false [\"dev\",\"prod\"]" },
        { "{.findings[?(@.severity==\"warning\")].code}", "DuplicateHost" },
        { "{.findings[?(@.port>400)].code}", "SharedCertificate DuplicateHost" },
        { "{.findings[?(@.port>500)].code}", "DuplicateHost" },
        { "{.findings[?(@.port<=443)].code}", "SharedCertificate" },
        { "{.findings[?(@.servers[1])].code}", "SharedCertificate" },
        { "{range .findings[*]}{.code}{\"\\t\"}{.port}{\"\\n\"}{end}", "SharedCertificate\t443\nDuplicateHost\t8443\n" },
        { "{range .findings[*]}[{range .servers[*]}{.gateway}:{.index} {end}]{end}", "[ns/a:0 ns/b:0 ][ns/c:1 ]" },
        { "codes: {.findings[*].code} in {.summary.contexts}", "codes: SharedCertificate DuplicateHost in [\"dev\",\"prod\"]" },
        { "{.missing.field}", "" },
        { "{.findings[7].code}", "" },
        { "{.summary}", "{\"gateways\":3,\"partial\":false,\"contexts\":[\"dev\",\"prod\"]}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Renders_as_kubectl_does(string template, string expected) =>
        Assert.Equal(expected, JsonPathTemplate.Parse(template).Render(Document));

    [Theory]
    [InlineData("{.findings[*].code", "unclosed action at character 1")]
    [InlineData("{range .findings[*]}{.code}", "{range} without {end}")]
    [InlineData("{.code}{end}", "{end} without {range}")]
    [InlineData("{.findings[x]}", "\"x\" is not an index in .findings[x]")]
    [InlineData("{.findings[0}", "unclosed [ in .findings[0")]
    public void A_template_that_does_not_parse_says_why(string template, string message) =>
        Assert.Equal(message, Assert.Throws<JsonPathException>(() => JsonPathTemplate.Parse(template)).Message);
}
