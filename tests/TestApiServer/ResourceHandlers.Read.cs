using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace IstioTls.TestApiServer;

/// <summary>get and list, as JSON or as a Table.</summary>
internal sealed partial class ResourceHandlers
{
    static bool WantsTable(HttpContext http) =>
        http.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    Task GetAsync(Call call)
    {
        var obj = store.Find(call.Type, call.Info.Namespace, call.Name) ?? throw ApiErrors.NotFound(call.Type, call.Name);
        if (WantsTable(call.Http))
        {
            var table = TableConverter.Convert(call.Type, call.Info.Version, [obj], obj.ResourceVersion, null, null, call.Query("includeObject") ?? "Metadata");
            return Responses.WriteJsonAsync(call.Http, 200, table, Responses.TableType);
        }
        return Responses.WriteBytesAsync(call.Http, 200, obj.Utf8For(call.ApiVersion));
    }

    Task ListAsync(Call call)
    {
        var labels = LabelSelector.Parse(call.Query("labelSelector"));
        var fields = FieldSelector.Parse(call.Query("fieldSelector"));
        var limit = 0;
        if (call.Query("limit") is { Length: > 0 } l && (!int.TryParse(l, CultureInfo.InvariantCulture, out limit) || limit < 0))
        {
            throw ApiErrors.BadRequest($"limit: Invalid value: \"{l}\": must be a non-negative integer");
        }
        var ns = call.Type.Namespaced ? call.Info.Namespace : null;
        var page = store.ListPage(call.Type, ns, labels, fields, limit, call.Query("continue"));
        if (WantsTable(call.Http))
        {
            var table = TableConverter.Convert(call.Type, call.Info.Version, page.Items, page.ResourceVersion.ToString(CultureInfo.InvariantCulture), page.Continue, page.RemainingItemCount, call.Query("includeObject") ?? "Metadata");
            return Responses.WriteJsonAsync(call.Http, 200, table, Responses.TableType);
        }
        return Responses.WriteListAsync(call.Http, call.Type, call.Info.Version, page);
    }
}
