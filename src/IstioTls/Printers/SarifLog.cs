using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using IstioTls.Analysis;

namespace IstioTls.Printers;

/// <summary>
/// <c>check -o sarif</c>: a SARIF 2.1.0 log for code scanning (GitHub, Azure DevOps, GitLab): one
/// result per finding, located at each of its servers in the files, with a fingerprint that
/// follows the finding across commits (lines move; the Gateways, ports and hosts do not).
/// </summary>
public static class SarifLog
{
    public const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The key of this tool's fingerprint; the version is part of the name, so that a
    /// change of what it covers starts new ones instead of mismatching old ones.</summary>
    public const string FingerprintKey = "istioTlsFinding/v1";

    public static JsonObject Build(CheckReport report, string version, string workingDirectory)
    {
        var results = new JsonArray();
        foreach (var finding in report.Findings)
        {
            results.Add((JsonNode)Result(finding, workingDirectory));
        }
        return new JsonObject
        {
            ["$schema"] = Schema,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject { ["driver"] = Driver(version) },
                ["invocations"] = new JsonArray(Invocation(report)),
                ["results"] = results,
            }),
        };
    }

    private static JsonObject Driver(string version)
    {
        var rules = new JsonArray();
        foreach (var help in FindingHelp.All)
        {
            rules.Add((JsonNode)new JsonObject
            {
                // No "name": SARIF wants it to differ from the id, and the code is the name users know.
                ["id"] = help.Code,
                ["shortDescription"] = new JsonObject { ["text"] = help.Summary + "." },
                ["fullDescription"] = new JsonObject { ["text"] = help.Help },
                ["help"] = new JsonObject { ["text"] = help.Help },
                ["helpUri"] = FindingHelp.HelpUri,
                ["defaultConfiguration"] = new JsonObject { ["level"] = Level(help.DefaultSeverity) },
            });
        }
        return new JsonObject
        {
            ["name"] = "kubectl-istio-tls",
            ["informationUri"] = FindingHelp.Homepage,
            // A version that starts with a number, as SARIF asks: v1.2.3 is 1.2.3.
            ["version"] = version.TrimStart('v'),
            ["rules"] = rules,
        };
    }

    /// <summary>Warnings and errors of the run (a skipped object, a context that could not be
    /// read), which code scanning shows as the tool's own problems.</summary>
    private static JsonObject Invocation(CheckReport report)
    {
        var invocation = new JsonObject { ["executionSuccessful"] = report.Errors.Count == 0 };
        var notifications = new JsonArray();
        foreach (var (level, text) in report.Warnings.Select(w => ("warning", w)).Concat(report.Errors.Select(e => ("error", e))))
        {
            notifications.Add((JsonNode)new JsonObject { ["level"] = level, ["message"] = new JsonObject { ["text"] = text } });
        }
        if (notifications.Count > 0)
        {
            invocation["toolExecutionNotifications"] = notifications;
        }
        return invocation;
    }

    private static JsonObject Result(Finding finding, string workingDirectory)
    {
        var places = FindingPlace.Of(finding, workingDirectory);
        var locations = new JsonArray();
        foreach (var place in places)
        {
            locations.Add((JsonNode)Location(place, finding.Context));
        }
        var result = new JsonObject
        {
            ["ruleId"] = finding.Code,
            ["ruleIndex"] = RuleIndex(finding.Code),
            ["level"] = Level(finding.Severity),
            ["message"] = new JsonObject { ["text"] = Message(finding) },
            ["locations"] = locations,
            ["partialFingerprints"] = new JsonObject { [FingerprintKey] = Fingerprint(finding, places) },
        };
        return result;
    }

    private static JsonObject Location(FindingPlace place, string? context)
    {
        var location = new JsonObject();
        if (place.File is not null)
        {
            var physical = new JsonObject { ["artifactLocation"] = new JsonObject { ["uri"] = Uri(place.File) } };
            if (place.Line is { } line)
            {
                physical["region"] = new JsonObject { ["startLine"] = line };
            }
            location["physicalLocation"] = physical;
        }
        var qualified = context is null ? $"{place.Kind}/{place.Name}" : $"{context}/{place.Kind}/{place.Name}";
        location["logicalLocations"] = new JsonArray(new JsonObject
        {
            ["name"] = place.Name,
            ["fullyQualifiedName"] = qualified,
            ["kind"] = "resource",
        });
        location["message"] = new JsonObject { ["text"] = place.Describe };
        return location;
    }

    /// <summary>A relative URI reference: each path segment escaped, the slashes kept.</summary>
    private static string Uri(string relativePath) =>
        string.Join('/', relativePath.Split('/').Select(System.Uri.EscapeDataString));

    internal static string Message(Finding finding)
    {
        var text = Sentence(finding.Message);
        if (finding.Detail is MisdirectedFilterDetail { Details.Count: > 0 } about)
        {
            // The table lists them one a line; here they are one sentence.
            var details = string.Join("; ", about.Details.Select(d => d.TrimEnd('.')));
            text += $" {char.ToUpperInvariant(details[0])}{details[1..]}.";
        }
        if (finding.MitigatedBy is not null)
        {
            text += $" Mitigated by the 421 filter {finding.MitigatedBy}.";
        }
        if (finding.Fix is { } fix)
        {
            text += " Fix: " + Sentence(fix.Text);
        }
        return text;
    }

    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    internal static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    private static int RuleIndex(string code)
    {
        for (var i = 0; i < FindingHelp.All.Count; i++)
        {
            if (FindingHelp.All[i].Code == code)
            {
                return i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(code), code, "a finding code without help");
    }

    /// <summary>What the finding is about, without lines or positions: the code, the context,
    /// the certificate and the places (objects, ports, hosts), in a fixed order.</summary>
    private static string Fingerprint(Finding finding, IReadOnlyList<FindingPlace> places)
    {
        var certificate = (finding.Detail as CertificateDetail)?.Certificate;
        var identity = string.Join('\n', [finding.Code, finding.Context ?? "", certificate ?? "", .. places.Select(p => p.Identity).Order(StringComparer.Ordinal)]);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }
}
