using System.Text;
using System.Text.RegularExpressions;

namespace IstioTls.CommandLine;

/// <summary>
/// The framework's help, rewritten to read like kubectl's: flag types as kubectl prints them
/// (<c>string</c>, <c>strings</c>), defaults as <c>(default "table")</c> and none where there is
/// none, no <c>[--version]</c> on a command, only the flags the command takes, and an Examples
/// section.
/// </summary>
public static partial class HelpText
{
    // version and completion read no cluster.
    private static readonly string[] NoClusterFlags =
    [
        "--kubeconfig", "--context", "--cluster", "--user", "--namespace", "--all-namespaces", "--request-timeout", "--as", "--contexts", "--all-contexts", "--color",
        "--server", "--token", "--as-group", "--as-uid", "--certificate-authority", "--client-certificate", "--client-key", "--insecure-skip-tls-verify", "--tls-server-name", "--cache-dir", "--v",
    ];

    /// <summary>Global flags a command does not take: writes go to one context; version and completion read none.</summary>
    private static readonly Dictionary<string, string[]> NotTaken = new(StringComparer.Ordinal)
    {
        ["merge"] = ["--contexts", "--all-contexts"],
        ["apply-421"] = ["--contexts", "--all-contexts"],
        ["version"] = NoClusterFlags,
        ["completion"] = NoClusterFlags,
    };

    private static readonly Dictionary<string, string[]> Examples = new(StringComparer.Ordinal)
    {
        ["check"] =
        [
            "# Check the current kubeconfig context",
            "kubectl istio-tls check",
            "# Check manifests, for CI: JSON for jq, exit 2 on any warning",
            "kubectl istio-tls check -f manifests/ -o json --strict",
            "# Check every context, comparing the certificates themselves",
            "kubectl istio-tls check --all-contexts --inspect-certs",
            "# Check manifests in a pull request: SARIF for code scanning",
            "kubectl istio-tls check -f deploy/ -o sarif --fail-on none > istio-tls.sarif",
        ],
        ["merge"] =
        [
            "# Plan the merge from manifests and print the objects to apply",
            "kubectl istio-tls merge --dry-run -f manifests/ -o manifests",
            "# Plan from the current context, then apply after confirmation",
            "kubectl istio-tls merge",
            "# Show the merge as a diff of the manifests in Git, then make it in the files",
            "kubectl istio-tls merge -f deploy/ --diff",
            "kubectl istio-tls merge -f deploy/ --write",
        ],
        ["apply-421"] =
        [
            "# Print the 421 filters for the workloads at risk",
            "kubectl istio-tls apply-421 --dry-run -f manifests/",
            "# Install precise filters in the current context",
            "kubectl istio-tls apply-421 --mode precise",
            "# Remove the filters this tool installed",
            "kubectl istio-tls apply-421 --delete",
        ],
        ["probe"] =
        [
            "# Probe the hosts of every finding in the current context, at the gateway Service's address",
            "kubectl istio-tls probe",
            "# Probe two hosts at one address, without a cluster; JSON for scripts",
            "kubectl istio-tls probe --address 203.0.113.10 --host a.example.com --host b.example.com -o json",
            "# A wildcard server needs a name to send",
            "kubectl istio-tls probe --sample-host '*.example.com=www.example.com'",
        ],
        ["version"] = ["kubectl istio-tls version -o json"],
        ["completion"] =
        [
            "# bash: complete kubectl-istio_tls in this shell (bash 4.4 or newer)",
            "source <(kubectl-istio_tls completion bash)",
            "# zsh: in ~/.zshrc, after compinit",
            "source <(kubectl-istio_tls completion zsh)",
            "# fish",
            "kubectl-istio_tls completion fish | source",
            "# PowerShell",
            "kubectl-istio_tls completion powershell | Out-String | Invoke-Expression",
            "# Through kubectl (1.26 or newer), kubectl_complete-istio_tls on PATH does it instead",
        ],
    };

    /// <summary>The argument of a command, as kubectl's usage names it (the framework says "[0] &lt;string&gt;").</summary>
    private static readonly Dictionary<string, string> ArgumentNames = new(StringComparer.Ordinal) { ["completion"] = "SHELL" };

    /// <summary>Whether <paramref name="command"/> takes the global flag <paramref name="flag"/>
    /// (its long name): what help lists and completion offers.</summary>
    public static bool Takes(string command, string flag) =>
        !NotTaken.TryGetValue(command, out var skip) || !skip.Contains(flag);

    public static string Rewrite(string help)
    {
        var lines = help.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var usage = UsageLine().Match(lines[0]);
        var command = usage.Success ? usage.Groups["command"].Value : null;
        var argument = command is not null && ArgumentNames.TryGetValue(command, out var name) ? name : null;
        var options = new List<(string Flags, string Type, string Text)>();
        var result = new List<string>();
        foreach (var line in lines)
        {
            if (OptionLine().Match(line) is { Success: true } option)
            {
                var flags = option.Groups["flags"].Value;
                if (command is not null && flags.Split(", ").Any(f => !Takes(command, f)))
                {
                    continue;
                }
                options.Add((flags, Type(option.Groups["type"].Value), Default(option.Groups["text"].Value)));
                continue;
            }
            if (options.Count > 0)
            {
                result.AddRange(Aligned(options));
                options.Clear();
            }
            if (argument is not null && ArgumentLine().Match(line) is { Success: true } described)
            {
                result.Add($"  {argument}    {described.Groups["text"].Value}");
                continue;
            }
            result.Add(command is null ? line
                : line.Replace(" [--version]", "", StringComparison.Ordinal)
                    .Replace(" [arguments...]", argument is null ? " [arguments...]" : " " + argument, StringComparison.Ordinal));
        }
        result.AddRange(Aligned(options));
        // A command that takes no flag but --help: no empty Options section.
        var text = string.Join('\n', result).TrimEnd('\n');
        if (text.EndsWith("\n\nOptions:", StringComparison.Ordinal))
        {
            text = text[..^"\n\nOptions:".Length].Replace(" [options...]", "", StringComparison.Ordinal);
        }
        if (command is not null && Examples.TryGetValue(command, out var examples))
        {
            var section = new StringBuilder("\n\nExamples:");
            foreach (var example in examples)
            {
                section.Append("\n  ").Append(example);
            }
            text += section.ToString();
        }
        return text;
    }

    private static IEnumerable<string> Aligned(List<(string Flags, string Type, string Text)> options)
    {
        var width = options.Select(o => o.Flags.Length + (o.Type.Length > 0 ? o.Type.Length + 1 : 0)).DefaultIfEmpty(0).Max() + 4;
        return options.Select(o =>
        {
            var head = o.Type.Length > 0 ? $"{o.Flags} {o.Type}" : o.Flags;
            return $"  {head.PadRight(width)}{o.Text}".TrimEnd();
        });
    }

    private static string Type(string framework) => framework switch
    {
        "" => "",
        var t when t.StartsWith("string[]", StringComparison.Ordinal) => "strings",
        var t when t.StartsWith("string", StringComparison.Ordinal) => "string",
        var t => t.TrimEnd('?'),
    };

    private static string Default(string text)
    {
        var match = DefaultValue().Match(text);
        if (!match.Success)
        {
            return text;
        }
        var before = text[..match.Index];
        var value = match.Groups["value"].Value;
        return value == "null" ? before : $"{before} (default {value})";
    }

    // A command's usage line names it before its options; the root's names no command.
    [GeneratedRegex(@"^Usage: .*? (?<command>[a-z0-9-]+)(?: \[arguments\.\.\.\])? \[options\.\.\.\]")]
    private static partial Regex UsageLine();

    [GeneratedRegex(@"^  \[0\] <[^>]+>\s{2,}(?<text>.*)$")]
    private static partial Regex ArgumentLine();

    [GeneratedRegex(@"^  (?<flags>-[^ <]+(?:, --[^ <]+)?)(?: <(?<type>[^>]+)>)?\s{2,}(?<text>.*)$")]
    private static partial Regex OptionLine();

    [GeneratedRegex(@" \[Default: @?(?<value>""[^""]*""|[^\]]*)\]$")]
    private static partial Regex DefaultValue();
}
