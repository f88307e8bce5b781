namespace IstioTls.Application;

/// <summary>The hosts of check's findings on a live cluster.</summary>
public static class LiveHosts
{
    public static Task<HostSelection> SelectAsync(FindingHosts targets, CancellationToken cancellationToken) =>
        throw new NotSupportedException("not yet");
}
