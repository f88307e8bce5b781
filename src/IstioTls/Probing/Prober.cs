namespace IstioTls.Probing;

/// <summary>Probes every ordered pair of every group, a few at a time, and reports them in the
/// groups' order.</summary>
public static class Prober
{
    public static async Task<IReadOnlyList<PairResult>> RunAsync(IReadOnlyList<ProbeGroup> groups, ProbeOptions options, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, options.Concurrency));
        var pairs = groups.SelectMany(g => g.Pairs.Select(p => (Group: g, p.Sni, p.Authority))).ToList();
        var results = pairs.Select(async pair =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await PairProbe.RunAsync(pair.Group, pair.Sni, pair.Authority, options, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        });
        return await Task.WhenAll(results).ConfigureAwait(false);
    }
}
