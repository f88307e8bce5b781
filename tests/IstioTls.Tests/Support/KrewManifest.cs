using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IstioTls.Documents;

namespace IstioTls.Tests.Support;

/// <summary>
/// krew's rules for a plugin manifest (kubernetes-sigs/krew internal/index/validation), plus this
/// plugin's own: which platforms, which binary, and archives that extract the binary, LICENSE and
/// the completion script. <see cref="Problems"/> lists every rule a manifest breaks.
/// </summary>
public static partial class KrewManifest
{
    public const string Binary = "kubectl-istio_tls";

    public static readonly (string Os, string Arch)[] ReleasePlatforms =
        [("linux", "amd64"), ("linux", "arm64"), ("darwin", "amd64"), ("darwin", "arm64"), ("windows", "amd64")];

    public static JsonObject Parse(string yaml) =>
        YamlDocumentReader.Read(new StringReader(yaml), "krew-manifest.yaml").Single().Root!.AsObject();

    public static IReadOnlyList<(string Os, string Arch)> Platforms(JsonObject manifest) =>
        manifest["spec"]!["platforms"]!.AsArray()
            .Select(p => ((string)p!["selector"]!["matchLabels"]!["os"]!, (string)p!["selector"]!["matchLabels"]!["arch"]!)).ToList();

    public static JsonObject Platform(JsonObject manifest, string os, string arch) =>
        manifest["spec"]!["platforms"]!.AsArray().Select(p => p!.AsObject())
            .Single(p => (string?)p["selector"]?["matchLabels"]?["os"] == os && (string?)p["selector"]?["matchLabels"]?["arch"] == arch);

    public static List<string> Problems(JsonObject manifest)
    {
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        Require(Text(manifest["apiVersion"]) == "krew.googlecontainertools.github.com/v1alpha2", "apiVersion must be krew.googlecontainertools.github.com/v1alpha2");
        Require(Text(manifest["kind"]) == "Plugin", "kind must be Plugin");
        var name = Text(manifest["metadata"]?["name"]);
        Require(name is not null && PluginName().IsMatch(name), "metadata.name must match ^[\\w-]+$");
        Require(name == "istio-tls", "metadata.name must be istio-tls (kubectl istio-tls)");
        var spec = manifest["spec"] as JsonObject;
        if (spec is null)
        {
            problems.Add("spec is missing");
            return problems;
        }
        var version = Text(spec["version"]) ?? "";
        Require(Semver().IsMatch(version), $"spec.version must be a semantic version with a leading v, not \"{version}\"");
        var shortDescription = Text(spec["shortDescription"]) ?? "";
        Require(shortDescription.Trim().Length > 0, "spec.shortDescription must not be empty");
        Require(!shortDescription.Contains('\n', StringComparison.Ordinal), "spec.shortDescription must be one line");
        Require(shortDescription.Length <= 50, $"spec.shortDescription must be at most 50 characters, not {shortDescription.Length}");
        Require(!string.IsNullOrWhiteSpace(Text(spec["description"])), "spec.description must not be empty");
        Require(Uri.TryCreate(Text(spec["homepage"]), UriKind.Absolute, out var homepage) && homepage.Scheme == "https", "spec.homepage must be an https URL");
        var caveats = Text(spec["caveats"]) ?? "";
        Require(caveats.Contains("list", StringComparison.Ordinal) && caveats.Contains("gateways", StringComparison.Ordinal), "spec.caveats must state the RBAC the plugin needs");

        var platforms = (spec["platforms"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        Require(platforms.Count > 0, "spec.platforms must list at least one platform");
        var seen = new HashSet<(string?, string?)>();
        foreach (var (platform, i) in platforms.Select((p, i) => (p, i)))
        {
            var at = $"spec.platforms[{i}]";
            var selector = platform["selector"] as JsonObject;
            var labels = selector?["matchLabels"] as JsonObject;
            Require(selector is not null && selector.Select(p => p.Key).SequenceEqual(["matchLabels"]), $"{at}.selector must use matchLabels only");
            Require(labels is not null && labels.All(p => p.Key is "os" or "arch") && labels.ContainsKey("os") && labels.ContainsKey("arch"), $"{at}.selector must match on os and arch, and nothing else");
            var os = Text(labels?["os"]);
            var arch = Text(labels?["arch"]);
            Require(seen.Add((os, arch)), $"{at}: {os}/{arch} is matched by another platform too");
            Require(os is "linux" or "darwin" or "windows" && arch is "amd64" or "arm64", $"{at}: unknown os/arch {os}/{arch}");

            var sha = Text(platform["sha256"]) ?? "";
            Require(Sha256().IsMatch(sha), $"{at}.sha256 must be 64 lower-case hex digits");
            // krew reads YAML as JSON first: an unquoted 000...0 becomes a number, not a string.
            Require(platform["sha256"]?.GetValueKind() == System.Text.Json.JsonValueKind.String, $"{at}.sha256 must be a string in YAML");
            var bin = Text(platform["bin"]) ?? "";
            Require(bin == Binary + (os == "windows" ? ".exe" : ""), $"{at}.bin must be {Binary}{(os == "windows" ? ".exe" : "")}, not \"{bin}\"");
            var archive = os == "windows" ? "zip" : "tar.gz";
            var uri = Text(platform["uri"]) ?? "";
            Require(uri.StartsWith("https://", StringComparison.Ordinal) && uri.EndsWith($"/{version}/{Binary}_{version}_{os}_{arch}.{archive}", StringComparison.Ordinal),
                $"{at}.uri must be https://.../{version}/{Binary}_{version}_{os}_{arch}.{archive}, not \"{uri}\"");

            var files = (platform["files"] as JsonArray)?.OfType<JsonObject>().Select(f => (From: Text(f["from"]) ?? "", To: Text(f["to"]) ?? "")).ToList() ?? [];
            Require(files.All(f => f.From.Length > 0 && f.To.Length > 0), $"{at}.files: every entry needs from and to");
            Require(files.All(f => !f.To.StartsWith('/') && !f.To.Split('/').Contains("..")), $"{at}.files: to must stay inside the plugin directory");
            var completion = "kubectl_complete-istio_tls" + (os == "windows" ? ".cmd" : "");
            foreach (var needed in new[] { bin, "LICENSE", completion })
            {
                Require(files.Any(f => f.From == needed || f.From == "*"), $"{at}.files must extract {needed}");
            }
        }
        return problems;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value ? value.ToString() : null;

    [GeneratedRegex(@"^[\w-]+$")]
    private static partial Regex PluginName();

    // semver.org's pattern, with krew's leading "v".
    [GeneratedRegex(@"^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")]
    private static partial Regex Semver();

    [GeneratedRegex("^[a-f0-9]{64}$")]
    private static partial Regex Sha256();
}
