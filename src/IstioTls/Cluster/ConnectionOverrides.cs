using k8s.KubeConfigModels;

namespace IstioTls.Cluster;

/// <summary>
/// kubectl's connection flags laid over a context's cluster and user, with client-go's rules
/// (clientcmd's DirectClientConfig): a flag replaces the kubeconfig's value, never clears one it
/// does not name, except that <c>--insecure-skip-tls-verify</c> and <c>--certificate-authority</c>
/// replace the cluster's whole trust setting, and <c>--server</c> drops the kubeconfig's
/// tls-server-name. Copies are changed, never the kubeconfig as read, which several contexts share.
/// </summary>
internal static class ConnectionOverrides
{
    public static ClusterEndpoint Cluster(ClusterEndpoint? read, ClusterOptions options)
    {
        var endpoint = new ClusterEndpoint
        {
            Server = read?.Server,
            CertificateAuthority = read?.CertificateAuthority,
            CertificateAuthorityData = read?.CertificateAuthorityData,
            SkipTlsVerify = read?.SkipTlsVerify ?? false,
            TlsServerName = read?.TlsServerName,
        };
        if (options.InsecureSkipTlsVerify && options.CertificateAuthority is not null)
        {
            throw new ClusterException("--certificate-authority cannot be combined with --insecure-skip-tls-verify: specifying a root certificates file with the insecure flag is not allowed");
        }
        if (options.Server is not null)
        {
            endpoint.Server = options.Server;
        }
        if (options.InsecureSkipTlsVerify || options.CertificateAuthority is not null)
        {
            endpoint.SkipTlsVerify = options.InsecureSkipTlsVerify;
            endpoint.CertificateAuthority = options.CertificateAuthority is { } ca ? Path.GetFullPath(ca) : null;
            endpoint.CertificateAuthorityData = null;
        }
        if (options.TlsServerName is not null || options.Server is not null)
        {
            endpoint.TlsServerName = options.TlsServerName;
        }
        if (endpoint.CertificateAuthority is { } file && !File.Exists(file))
        {
            throw new ClusterException($"certificate authority {file} not found");
        }
        return endpoint;
    }

    public static UserCredentials User(UserCredentials? read, string? userName, ClusterOptions options)
    {
        var credentials = new UserCredentials
        {
            ClientCertificate = read?.ClientCertificate,
            ClientCertificateData = read?.ClientCertificateData,
            ClientKey = read?.ClientKey,
            ClientKeyData = read?.ClientKeyData,
            Token = read?.Token,
            Impersonate = read?.Impersonate,
            ImpersonateGroups = read?.ImpersonateGroups,
            ImpersonateUserExtra = read?.ImpersonateUserExtra,
            UserName = read?.UserName,
            Password = read?.Password,
            AuthProvider = read?.AuthProvider,
            ExternalExecution = read?.ExternalExecution,
        };
        var who = userName is null ? "" : $" for user \"{userName}\"";
        if (options.ClientCertificate is { } certificate)
        {
            // client-go refuses a file next to data rather than guess which one was meant.
            if (!string.IsNullOrEmpty(credentials.ClientCertificateData))
            {
                throw new ClusterException($"--client-certificate cannot be used{who}: the kubeconfig gives client-certificate-data, and both are refused as kubectl does");
            }
            credentials.ClientCertificate = Existing(certificate, "client certificate");
        }
        if (options.ClientKey is { } key)
        {
            if (!string.IsNullOrEmpty(credentials.ClientKeyData))
            {
                throw new ClusterException($"--client-key cannot be used{who}: the kubeconfig gives client-key-data, and both are refused as kubectl does");
            }
            credentials.ClientKey = Existing(key, "client key");
        }
        var hasCertificate = !string.IsNullOrEmpty(credentials.ClientCertificate) || !string.IsNullOrEmpty(credentials.ClientCertificateData);
        var hasKey = !string.IsNullOrEmpty(credentials.ClientKey) || !string.IsNullOrEmpty(credentials.ClientKeyData);
        if (hasCertificate != hasKey)
        {
            throw new ClusterException(hasCertificate
                ? $"a client certificate needs its key{who}: give --client-key (or client-key in the kubeconfig)"
                : $"a client key needs its certificate{who}: give --client-certificate (or client-certificate in the kubeconfig)");
        }
        if (options.Token is { } token)
        {
            // A token on the command line is meant to be used: client-go runs no exec plugin then.
            credentials.Token = token;
            credentials.ExternalExecution = null;
            credentials.AuthProvider = null;
        }
        return credentials;
    }

    private static string Existing(string path, string what)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full) ? full : throw new ClusterException($"{what} {path} not found");
    }
}
