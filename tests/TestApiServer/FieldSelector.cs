namespace IstioTls.TestApiServer;

/// <summary>The fieldSelector query parameter; like custom resources on a real server, only metadata.name and metadata.namespace.</summary>
public sealed class FieldSelector
{
    readonly List<(string Field, bool Equal, string Value)> _terms = [];

    public bool IsEmpty => _terms.Count == 0;

    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var (at, len, equal) = term.IndexOf("!=", StringComparison.Ordinal) is var ne and >= 0 ? (ne, 2, false)
                : term.IndexOf("==", StringComparison.Ordinal) is var ee and >= 0 ? (ee, 2, true)
                : term.IndexOf('=', StringComparison.Ordinal) is var e and >= 0 ? (e, 1, true)
                : throw ApiErrors.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            var field = term[..at].Trim();
            if (field is not ("metadata.name" or "metadata.namespace"))
            {
                throw ApiErrors.BadRequest($"field label not supported: {field}");
            }
            selector._terms.Add((field, equal, term[(at + len)..].Trim()));
        }
        return selector;
    }

    internal bool Matches(StoredObject obj)
    {
        foreach (var (field, equal, value) in _terms)
        {
            var actual = field == "metadata.name" ? obj.Name : obj.Namespace ?? "";
            if ((actual == value) != equal)
            {
                return false;
            }
        }
        return true;
    }
}
