using IstioTls.Analysis;
using IstioTls.Model;
using IstioTls.Sources;

namespace IstioTls.Tests.CodeReview;

/// <summary>Each server knows its line in the file, whichever reader read it, so that SARIF and
/// annotations point at the server rather than at its Gateway.</summary>
public class ServerLineTests
{
    public static TheoryData<string, string, int[]> Files => new()
    {
        {
            "block YAML (the simple reader)",
            "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  servers:\n  - port: {number: 443, name: a, protocol: HTTPS}\n    hosts: [a.example.com]\n  # a comment\n  -\n    port: {number: 443, name: b, protocol: HTTPS}\n    hosts: [b.example.com]\n",
            [7, 11]
        },
        {
            "YAML that YamlDotNet reads (an anchor), after a separator",
            "---\n# c\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  servers:\n  - &s\n    port: {number: 443, name: a, protocol: HTTPS}\n    hosts: [a.example.com]\n  - port: {number: 443, name: b, protocol: HTTPS}\n    hosts: [b.example.com]\n",
            [9, 12]
        },
        {
            "a List's items",
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: networking.istio.io/v1\n  kind: Gateway\n  metadata: {name: gw}\n  spec:\n    servers:\n    - port: {number: 443, name: a, protocol: HTTPS}\n      hosts: [a.example.com]\n    - port: {number: 443, name: b, protocol: HTTPS}\n      hosts: [b.example.com]\n",
            [9, 11]
        },
        {
            "JSON",
            "{\"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Gateway\", \"metadata\": {\"name\": \"gw\"},\n \"spec\": {\"servers\": [\n  {\"port\": {\"number\": 443, \"name\": \"a\", \"protocol\": \"HTTPS\"}, \"hosts\": [\"a.example.com\"]},\n\n  {\"port\": {\"number\": 443, \"name\": \"b\", \"protocol\": \"HTTPS\"}, \"hosts\": [\"b.example.com\"]}]}}\n",
            [3, 5]
        },
        {
            "a JSON List",
            "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n{\"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Gateway\", \"metadata\": {\"name\": \"gw\"},\n \"spec\": {\"servers\": [\n  {\"port\": {\"number\": 443, \"name\": \"a\", \"protocol\": \"HTTPS\"}, \"hosts\": [\"a.example.com\"]},\n  {\"port\": {\"number\": 443, \"name\": \"b\", \"protocol\": \"HTTPS\"}, \"hosts\": [\"b.example.com\"]}]}}]}\n",
            [4, 5]
        },
        {
            "Gateway API listeners",
            "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  gatewayClassName: istio\n  listeners:\n  - name: a\n    port: 443\n    protocol: HTTPS\n    hostname: a.example.com\n    tls: {certificateRefs: [{name: c}]}\n  - name: b\n    port: 443\n    protocol: HTTPS\n    hostname: b.example.com\n    tls: {certificateRefs: [{name: c}]}\n",
            [8, 13]
        },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_server_has_its_line(string name, string text, int[] lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"istio-tls-lines-{Guid.NewGuid():N}{(text.StartsWith('{') ? ".json" : ".yaml")}");
        File.WriteAllText(path, text);
        try
        {
            var gateway = Assert.Single(ManifestFiles.Load([path]).Gateways);

            Assert.True(lines.SequenceEqual(gateway.Servers.Select(s => s.Line ?? 0)), $"{name}: {string.Join(',', gateway.Servers.Select(s => s.Line))}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
