using System.Text;
using System.Text.Json.Nodes;
using IstioTls.Model;

namespace IstioTls.Sources;

/// <summary>
/// A Secret as a certificate source: <c>tls.crt</c> (type <c>kubernetes.io/tls</c>) or Istio's
/// generic <c>cert</c> key, from <c>data</c> (base64) or <c>stringData</c>. Only that one key is
/// ever looked at: private keys (<c>tls.key</c>, <c>key</c>) are not read, kept or printed.
/// </summary>
internal static class SecretDecoder
{
    private static readonly string[] CertificateKeys = ["tls.crt", "cert"];

    public static TlsSecret Decode(JsonObject obj, SourceLocation source)
    {
        var root = Field.Root(obj);
        var meta = ObjectDecoder.Meta(root);
        var (certificate, problem) = Read(root);
        return new TlsSecret(meta.Namespace, meta.Name, certificate, problem, source);
    }

    private static (CertificateInfo?, string?) Read(Field root)
    {
        foreach (var key in CertificateKeys)
        {
            // The API server writes stringData over data, so it wins here too.
            if (root["stringData"][key].AsString() is { } text)
            {
                return Parse(Encoding.UTF8.GetBytes(text), $"stringData.{key}");
            }
            if (root["data"][key].AsString() is { } base64)
            {
                byte[] bytes;
                try
                {
                    bytes = Convert.FromBase64String(base64);
                }
                catch (FormatException)
                {
                    return (null, $"data.{key} is not base64");
                }
                return Parse(bytes, $"data.{key}");
            }
        }
        return (null, "holds no certificate (no tls.crt or cert key)");
    }

    private static (CertificateInfo?, string?) Parse(byte[] bytes, string field)
    {
        try
        {
            return (CertificateParser.Parse(bytes), null);
        }
        catch (FormatException e)
        {
            return (null, $"{field} is {e.Message}");
        }
    }
}
