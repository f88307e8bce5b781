using System.Text.Json.Nodes;
using IstioTls.Model;

namespace IstioTls.Sources;

/// <summary>A Service (v1) as <see cref="GatewayService"/>: selector, port numbers, addresses.</summary>
public static class ServiceDecoder
{
    public static GatewayService Decode(JsonObject service)
    {
        var root = Field.Root(service);
        var spec = root["spec"];
        return new GatewayService(
            root["metadata"]["namespace"].AsString() ?? "default",
            root["metadata"]["name"].RequiredString(),
            spec["type"].AsString() ?? "ClusterIP",
            spec["selector"].AsLabelSet(),
            [.. spec["ports"].Items().Select(p => p["port"].AsInteger()).OfType<long>().Select(p => (int)p)],
            [.. root["status"]["loadBalancer"]["ingress"].Items().Select(i => i["ip"].AsString() ?? i["hostname"].AsString()).OfType<string>()],
            spec["externalIPs"].AsStringList());
    }
}
