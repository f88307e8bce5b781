using System.Text.Json.Nodes;
using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>A server's entry in its Gateway's <c>spec.servers</c>, as read.</summary>
internal static class ServerJson
{
    public static JsonObject Of(ObjectsAsRead objects, Server server) =>
        objects.Of(server.Gateway)["spec"]!["servers"]![server.Index]!.AsObject();
}
