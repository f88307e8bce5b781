namespace IstioTls.Probing;

/// <summary>What one ordered pair (SNI A, <c>:authority</c> B) showed on the running gateway.</summary>
public enum ProbeVerdict
{
    /// <summary>B got another answer on A's connection than on its own (the 404 of a route table
    /// without B): the bug browsers meet, reproduced.</summary>
    Misrouted,

    /// <summary>B got 421 on A's connection: browsers retry on a connection of B's own.</summary>
    Misdirected,

    /// <summary>B got on A's connection what it gets on its own.</summary>
    Served,

    /// <summary>A's certificate does not name B: browsers open a connection for B.</summary>
    NotCoalescable,

    /// <summary>The gateway did not negotiate HTTP/2 for A: HTTP/1.1 never carries another host.</summary>
    NoH2,

    /// <summary>A connection or a request failed; the result says why.</summary>
    Unreachable,
}

public static class ProbeVerdicts
{
    /// <summary>The verdict's name in the output: misrouted, not-coalescable, no-h2, ...</summary>
    public static string ToName(this ProbeVerdict verdict) => verdict switch
    {
        ProbeVerdict.Misrouted => "misrouted",
        ProbeVerdict.Misdirected => "misdirected",
        ProbeVerdict.Served => "served",
        ProbeVerdict.NotCoalescable => "not-coalescable",
        ProbeVerdict.NoH2 => "no-h2",
        _ => "unreachable",
    };

    /// <summary>The verdict of a pair both of whose requests were answered: 421 is the fix at work;
    /// the same status as B's own connection gives is B served; any other is B routed by A's
    /// server (Envoy's 404 when A's route table has no B, or the answer of A's catch-all route).</summary>
    public static ProbeVerdict Of(int status, int baselineStatus) =>
        status == 421 ? ProbeVerdict.Misdirected
        : status == baselineStatus ? ProbeVerdict.Served
        : ProbeVerdict.Misrouted;
}
