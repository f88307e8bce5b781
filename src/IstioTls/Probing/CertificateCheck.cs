using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace IstioTls.Probing;

/// <summary>
/// Verifies the gateway's certificate for the SNI sent, as kubectl verifies an API server's: the
/// system's trust, the CAs of <c>--certificate-authority</c>, or nothing with
/// <c>--insecure-skip-tls-verify</c>. The reason for a refusal is kept, because .NET's own
/// exception only says the callback refused.
/// </summary>
internal sealed class CertificateCheck(TlsVerification verification, string sni)
{
    public string? Refusal { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (verification == TlsVerification.Insecure)
        {
            return true;
        }
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Refuse("the gateway sent no certificate");
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return Refuse($"the certificate does not name {sni}");
        }
        if (verification is CustomAuthority authority)
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            custom.ChainPolicy.CustomTrustStore.AddRange(authority.Certificates);
            if (chain is not null)
            {
                // The intermediates the gateway sent.
                custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
            }
            using var leaf = new X509Certificate2(certificate);
            return custom.Build(leaf) || Refuse($"the certificate is not signed by a CA of {authority.Source}: {Status(custom)}");
        }
        return errors == SslPolicyErrors.None || Refuse($"the certificate is not trusted: {(chain is null ? errors.ToString() : Status(chain))}");
    }

    private bool Refuse(string reason)
    {
        Refusal = reason;
        return false;
    }

    private static string Status(X509Chain chain)
    {
        var statuses = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct().ToList();
        return statuses.Count > 0 ? string.Join("; ", statuses) : "no chain to a trusted CA";
    }
}
