using System.Globalization;
using IstioTls.Analysis.Misdirected;
using IstioTls.Application;
using IstioTls.Model;
using IstioTls.Plans.Misdirected;
using IstioTls.Printers;

namespace IstioTls.CommandLine;

/// <summary>What <c>apply-421</c> was asked to do.</summary>
/// <param name="Yes">Make the writes without asking (<c>--yes</c>).</param>
/// <param name="ServerDryRun"><c>--dry-run=server</c>: the writes are sent with dryRun=All.</param>
public sealed record Apply421Request(InputSelection Input, bool DryRun, OutputFormat Format, bool Delete, Apply421Options Options, bool Yes = false, bool ServerDryRun = false);

/// <summary>The values of <c>apply-421</c>'s flags, read or refused with a one-line message.</summary>
public static class Apply421Arguments
{
    /// <param name="flags">-n/--namespace is kubectl's global flag; for apply-421 it is the gateway workload's namespace.</param>
    public static Apply421Request Parse(GlobalFlags flags, string[]? filename, bool dryRun, string output, string mode, bool all, string? selector, string[]? targetPort, bool delete, bool yes = false, bool serverDryRun = false)
    {
        var format = OutputFlag.Parse(output);
        if (format == OutputFormat.Table)
        {
            throw new UsageException($"--output must be yaml or json, not \"{output}\"");
        }
        if (all && selector is not null)
        {
            throw new UsageException("--all and --selector exclude each other");
        }
        var options = new Apply421Options
        {
            Mode = Mode(mode),
            All = all,
            Selector = selector is null ? null : Selector(selector),
            Namespace = string.IsNullOrEmpty(flags.Namespace) ? null : flags.Namespace,
            TargetPorts = TargetPorts(targetPort ?? []),
        };
        if (filename is { Length: > 0 })
        {
            if (delete)
            {
                throw new UsageException("--delete removes filters from a cluster; files are not a cluster");
            }
            if (serverDryRun)
            {
                throw new UsageException("--dry-run=server sends the writes to a cluster to validate; files are not a cluster: use --dry-run (client)");
            }
            if (!dryRun)
            {
                throw new UsageException("files are not a cluster: add --dry-run to print the EnvoyFilters (kubectl apply -f - takes them)");
            }
            return new Apply421Request(flags.Input(filename), dryRun, format, delete, options);
        }
        return new Apply421Request(flags.WriteTarget("apply-421"), dryRun, format, delete, options, yes, serverDryRun);
    }

    public static MisdirectedMode Mode(string text) =>
        MisdirectedModes.TryParse(text, out var mode) ? mode : throw new UsageException($"--mode must be strict or precise, not \"{text}\"");

    /// <summary><c>--selector key=value,key2=value2</c>, as kubectl writes equality selectors.</summary>
    public static LabelSet Selector(string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || part.Contains("!=", StringComparison.Ordinal))
            {
                throw new UsageException($"--selector takes key=value pairs separated by commas, not \"{text}\"");
            }
            pairs.Add(KeyValuePair.Create(part[..eq].Trim(), part[(eq + 1)..].TrimStart('=').Trim()));
        }
        return pairs.Count > 0 ? LabelSet.From(pairs) : throw new UsageException("--selector needs at least one key=value: an EnvoyFilter without workloadSelector would reach every gateway");
    }

    /// <summary><c>--target-port 443=8443</c>: the gateway Service's targetPort for a Gateway port.</summary>
    public static IReadOnlyDictionary<int, int> TargetPorts(IEnumerable<string> values)
    {
        var map = new Dictionary<int, int>();
        foreach (var part in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !TryPort(part[..eq], out var port) || !TryPort(part[(eq + 1)..], out var target))
            {
                throw new UsageException($"--target-port takes PORT=TARGETPORT (such as 443=8443), not \"{part}\"");
            }
            map[port] = target;
        }
        return map;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
}
