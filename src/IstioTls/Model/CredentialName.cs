namespace IstioTls.Model;

/// <summary>
/// The schemes of a server's <c>credentialName</c>: <c>kubernetes://name</c> is the Secret
/// <c>name</c> (in the gateway workload's namespace, like a bare name); istiod writes a Gateway
/// API listener's certificateRef as <c>kubernetes-gateway://namespace/name</c>, which names its
/// namespace.
/// </summary>
public static class CredentialName
{
    public const string KubernetesScheme = "kubernetes://";

    public const string GatewayApiScheme = "kubernetes-gateway://";

    /// <summary>Not a Secret: the workload's own mesh certificate (SPIFFE identity, no DNS
    /// names), as a Gateway API listener with <c>tls-terminate-mode: ISTIO_SIMPLE</c> gets it.</summary>
    public const string Builtin = "builtin://";

    public static bool IsBuiltin(string credentialName) => credentialName == Builtin;

    /// <summary>The Secret's name without the scheme: <c>ns/name</c> for a Gateway API reference.</summary>
    public static string SecretName(string credentialName) =>
        credentialName.StartsWith(KubernetesScheme, StringComparison.Ordinal) ? credentialName[KubernetesScheme.Length..]
        : credentialName.StartsWith(GatewayApiScheme, StringComparison.Ordinal) ? credentialName[GatewayApiScheme.Length..]
        : credentialName;
}
