using IstioTls.Analysis;
using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>
/// A merge stopped after writing the survivor leaves the absorbed server behind: istiod now
/// skips it as a duplicate (its hosts are all in the survivor's server), so it is no longer part
/// of the <c>SharedCertificate</c> finding, yet its Gateway and the VirtualServices bound to it
/// still need the rest of the plan. A skipped server with the same certificate, on the same
/// listener, whose every host the older server already holds, is such a leftover and joins that
/// server's group. A skipped server with a host of its own is a <c>DuplicateHost</c> to resolve,
/// not something to merge: merging would start serving hosts that are not served now (unless
/// it is the server of the <c>--into</c> Gateway, see <see cref="Join"/>).
/// </summary>
internal static class LeftBehind
{
    /// <param name="into">The Gateway of <c>--into</c>: merging into a Gateway istiod takes
    /// after another leaves the survivor's server skipped behind the older one until the older
    /// one loses its server; a re-run with the same <c>--into</c> finishes that too.</param>
    public static IReadOnlyList<Finding> Join(IReadOnlyList<Finding> shared, IReadOnlyList<Finding> duplicates, Gateway? into = null)
    {
        var result = shared.ToList();
        foreach (var duplicate in duplicates)
        {
            var skipped = duplicate.Servers[^1];
            if (!skipped.TerminatesHttps)
            {
                // Only servers browsers pool a connection on are merged.
                continue;
            }
            var holder = duplicate.Servers.SkipLast(1).FirstOrDefault(h => h.TerminatesHttps && SameCertificate(h, skipped)
                && (HoldsAll(h, skipped) || (skipped.Gateway == into && HoldsAll(skipped, h))));
            if (holder is null)
            {
                continue;
            }
            var index = result.FindIndex(f => f.Servers.Contains(holder));
            if (index >= 0)
            {
                result[index] = result[index] with { Servers = [.. result[index].Servers.Append(skipped).Distinct().Order(GatewayOrder.Instance)] };
            }
            else
            {
                result.Add(duplicate with
                {
                    Code = FindingCodes.SharedCertificate,
                    Servers = [holder, skipped],
                    Detail = new SharedCertificateDetail(string.Join(", ", CertificateIdentity.Of(holder)), [], [.. holder.Hosts.Select(h => h.Host)]),
                });
            }
        }
        return result;
    }

    private static bool SameCertificate(Server a, Server b)
    {
        var first = CertificateIdentity.Of(a);
        return first.Count > 0 && first.SequenceEqual(CertificateIdentity.Of(b));
    }

    private static bool HoldsAll(Server holder, Server skipped)
    {
        var held = holder.Hosts.Select(h => h.IstiodForm(holder.Gateway.Meta.Namespace)).ToHashSet(StringComparer.Ordinal);
        return skipped.Hosts.All(h => held.Contains(h.IstiodForm(skipped.Gateway.Meta.Namespace)));
    }
}
