namespace IstioTls.Probing;

/// <summary>
/// One ordered pair, as a browser meets it: a connection with SNI A (which must speak HTTP/2, and
/// whose certificate must name B, or no browser would reuse it); a GET for A, then a GET for B on
/// that same connection; then B's baseline, a GET for B on a fresh connection with SNI B. Only
/// GETs, no body, no cookies.
/// </summary>
internal static class PairProbe
{
    public static async Task<PairResult> RunAsync(ProbeGroup group, string sni, string authority, ProbeOptions options, CancellationToken cancellationToken)
    {
        int status;
        try
        {
            using var connection = await ProbeConnection.OpenAsync(group, sni, options, cancellationToken).ConfigureAwait(false);
            if (!connection.IsHttp2)
            {
                var protocol = connection.Protocol.Length == 0 ? "no protocol by ALPN (HTTP/1.1)" : connection.Protocol;
                return new(group, sni, authority, null, null, ProbeVerdict.NoH2, PairConnection.Separate, $"the gateway chose {protocol} for {sni}: browsers reuse only HTTP/2 connections");
            }
            if (!connection.Covers(authority))
            {
                return new(group, sni, authority, null, null, ProbeVerdict.NotCoalescable, PairConnection.Separate, $"the certificate for {sni} does not name {authority}: browsers open a connection of its own");
            }
            await connection.GetAsync(sni, cancellationToken).ConfigureAwait(false);
            status = await connection.GetAsync(authority, cancellationToken).ConfigureAwait(false);
        }
        catch (ProbeException e)
        {
            return new(group, sni, authority, null, null, ProbeVerdict.Unreachable, PairConnection.None, e.Message);
        }
        try
        {
            using var own = await ProbeConnection.OpenAsync(group, authority, options, cancellationToken).ConfigureAwait(false);
            var baseline = await own.GetAsync(authority, cancellationToken).ConfigureAwait(false);
            return new(group, sni, authority, status, baseline, ProbeVerdicts.Of(status, baseline), PairConnection.Reused);
        }
        catch (ProbeException e)
        {
            return new(group, sni, authority, status, null, ProbeVerdict.Unreachable, PairConnection.Reused, $"baseline: {e.Message}");
        }
    }
}
