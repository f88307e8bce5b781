using IstioTls.Analysis;
using IstioTls.Model;

namespace IstioTls.Printers;

/// <summary>Where a finding is, for reports that point at code (SARIF, GitHub annotations): one
/// place per server (the EnvoyFilter, for a finding about one), with the file relative to the
/// working directory and the line where the reader knew it.</summary>
/// <param name="File">The path relative to the working directory with <c>/</c> separators; null
/// when the object was not read from a file (a cluster, standard input).</param>
/// <param name="Line">The server's line, else its object's.</param>
/// <param name="Kind">The object's kind, for a logical location.</param>
/// <param name="Name"><c>namespace/name</c> of the object.</param>
/// <param name="Describe">How the table names the place: "Gateway ns/name server 0".</param>
/// <param name="Identity">What names the place across commits (no line, no index): the object,
/// the port and hosts of the server.</param>
public sealed record FindingPlace(string? File, int? Line, string Kind, string Name, string Describe, string Identity)
{
    public const string StdinOrigin = "<stdin>";

    public static IReadOnlyList<FindingPlace> Of(Finding finding, string workingDirectory)
    {
        if (finding.Detail is MisdirectedFilterDetail about)
        {
            var filter = about.Filter;
            return [new FindingPlace(FileOf(filter.Source, workingDirectory), filter.Source.Line, filter.Kind, filter.Key, $"EnvoyFilter {filter.Key}", $"EnvoyFilter/{filter.Key}")];
        }
        return [.. finding.Servers.Select(server => new FindingPlace(
            FileOf(server.Gateway.Source, workingDirectory),
            server.Line ?? server.Gateway.Source.Line,
            server.Gateway.Kind,
            server.Gateway.Key,
            server.ToString(),
            $"{server.Gateway.ApiVersion.Split('/')[0]}/{server.Gateway.Key}/{server.Port.Number}/{string.Join(',', server.Hosts.Select(h => h.ToString()))}"))];
    }

    /// <summary>A file's path as code review knows it: relative to the working directory (the
    /// repository's root, in CI), with forward slashes. Objects read from a cluster carry no
    /// line and standard input has no file.</summary>
    internal static string? FileOf(SourceLocation source, string workingDirectory)
    {
        if (source.Line is null || source.Origin == StdinOrigin)
        {
            return null;
        }
        var relative = Path.GetRelativePath(workingDirectory, Path.GetFullPath(source.Origin, workingDirectory));
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
