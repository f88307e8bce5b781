using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using IstioTls.Model;

namespace IstioTls.Sources;

/// <summary>
/// Reads the leaf (first) certificate of a Secret's certificate chain, PEM or DER, with .NET's
/// X.509 APIs, and keeps only what the analysis compares. Failures are one line that never
/// quotes the input.
/// </summary>
public static class CertificateParser
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";
    private const string CommonNameOid = "2.5.4.3";

    public static CertificateInfo Parse(ReadOnlySpan<byte> data)
    {
        using var certificate = Load(data);
        try
        {
            return Read(certificate);
        }
        catch (CryptographicException)
        {
            // A certificate whose outer structure loads can still hold a corrupted extension or
            // name, which .NET decodes only when asked (found by fuzzing).
            throw new FormatException("an X.509 certificate with corrupted contents");
        }
    }

    private static CertificateInfo Read(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == SubjectAlternativeNameOid)
            {
                names.AddRange(new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical).EnumerateDnsNames());
            }
        }
        var fromCommonName = names.Count == 0;
        if (fromCommonName && CommonName(certificate) is { } cn && IsHostName(cn))
        {
            names.Add(cn);
        }
        return new CertificateInfo(
            "sha256:" + certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant(),
            [.. names.Select(Normalize).Distinct(StringComparer.Ordinal)],
            fromCommonName && names.Count > 0,
            Utc(certificate.NotBefore),
            Utc(certificate.NotAfter));
    }

    private static X509Certificate2 Load(ReadOnlySpan<byte> data)
    {
        try
        {
            if (data.IndexOf("-----BEGIN"u8) < 0)
            {
                return X509CertificateLoader.LoadCertificate(data);
            }
            // The first CERTIFICATE block is the leaf (the rest of a chain is its issuers); other
            // blocks, such as a key pasted into the same field, are stepped over, never decoded.
            var text = Encoding.UTF8.GetString(data).AsSpan();
            while (PemEncoding.TryFind(text, out var fields))
            {
                if (text[fields.Label].SequenceEqual("CERTIFICATE"))
                {
                    return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text[fields.Base64Data].ToString()));
                }
                text = text[fields.Location.End.Value..];
            }
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            // Fall through to the one message that never quotes the input.
        }
        throw new FormatException("not a PEM or DER X.509 certificate");
    }

    private static string? CommonName(X509Certificate2 certificate)
    {
        string? last = null;
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == CommonNameOid)
            {
                // The most specific CN, as browsers that still read it did.
                last = rdn.GetSingleElementValue();
            }
        }
        return last;
    }

    /// <summary>Whether a CN reads as a host name or a wildcard pattern, as Go's crypto/x509
    /// (validHostname) required before it would fall back to it: labels of letters, digits,
    /// '-' and '_', a whole <c>*</c> only as the first of two or more. "Acme Corp" is an
    /// organisation, not a host, and covers nothing.</summary>
    private static bool IsHostName(string name)
    {
        var labels = name.TrimEnd('.').Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            var wildcard = i == 0 && label == "*" && labels.Length > 1;
            if (label.Length == 0 || (!wildcard && !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            {
                return false;
            }
        }
        return true;
    }

    private static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    private static DateTimeOffset Utc(DateTime time) => new(time.ToUniversalTime(), TimeSpan.Zero);
}
