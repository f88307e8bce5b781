using System.Text.Json.Nodes;
using IstioTls.Model;
using IstioTls.Plans;
using IstioTls.Plans.Merge;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.Merging;

namespace IstioTls.Tests.Merge;

/// <summary>
/// <c>merge --write</c> in process: the files as the plan leaves them, text for text, for each
/// place an object can be (first, middle or only document, a List item, a JSON file, another file).
/// </summary>
public class SourceFilePlanTests
{
    private const string Ingress = "istio=ingressgateway";
    private static readonly string Older = Gateway("web/a", Ingress, [Simple(443, "a.example.com")], created: "2024-01-01T00:00:00Z").TrimStart('-', '\n');
    private static readonly string Newer = Gateway("web/b", Ingress, [Simple(443, "b.example.com")], created: "2024-01-02T00:00:00Z").TrimStart('-', '\n');

    private static IReadOnlyList<SourceFileChange> Write(params (string Path, string Text)[] texts) => Write(texts, texts);

    /// <summary>The plan made on the files as <paramref name="read"/>, written on them as they are
    /// <paramref name="now"/>: edited since, between the read and <c>--write</c>.</summary>
    private static IReadOnlyList<SourceFileChange> Write((string Path, string Text)[] read, (string Path, string Text)[] now)
    {
        var (snapshot, objects) = Read(read);
        var files = snapshot.Gateways.Cast<ConfigObject>().Concat(snapshot.VirtualServices).ToDictionary(o => o.Ref, o => o.Source.Origin);
        return SourceFilePlan.Make(Plan((snapshot, objects)), now.ToDictionary(t => t.Path, t => t.Text), files);
    }

    private static readonly string Merged = Older.Replace("hosts: [\"a.example.com\"]", "hosts: [\"a.example.com\", \"b.example.com\"]", StringComparison.Ordinal);
    private static readonly string Vs = VirtualService("web/vs", "b.example.com", gateways: "b").TrimStart('-', '\n');
    private static readonly string VsRepointed = Vs.Replace("gateways: [\"b\"]", "gateways: [\"web/a\"]", StringComparison.Ordinal);
    private const string Comment = "# gateways of the web team\n";

    private static string Item(string document) => "- " + string.Join("\n  ", document.TrimEnd('\n').Split('\n')) + "\n";

    private static string Describe(SourceFileChange change) =>
        $"{change.Path} deleted={change.Deleted} removed={string.Join(",", change.Removed)}";

    [Fact]
    public void A_later_document_goes_with_the_separator_before_it()
    {
        var change = Assert.Single(Write(("one.yaml", Comment + Older + "---\n" + Newer)));

        Assert.Equal("one.yaml deleted=False removed=Gateway web/b", Describe(change));
        Assert.Equal(Comment + Older + "---\n" + Newer, change.Before);
        Assert.Equal(Comment + Merged, change.After);
    }

    [Fact]
    public void The_first_document_goes_with_the_separator_after_it_and_the_opening_comment_stays()
    {
        var change = Assert.Single(Write(("one.yaml", Comment + Newer + "---\n" + Older)));

        Assert.Equal("one.yaml deleted=False removed=Gateway web/b", Describe(change));
        Assert.Equal(Comment + Merged, change.After);
    }

    [Fact]
    public void A_first_document_after_a_leading_separator_goes_with_that_separator_and_its_comment()
    {
        var change = Assert.Single(Write(("one.yaml", "--- # the newer gateway\n" + Newer + "---\n" + Older)));

        Assert.Equal("---\n" + Merged, change.After);
    }

    [Fact]
    public void A_middle_document_goes_and_a_VirtualService_after_it_is_repointed()
    {
        var change = Assert.Single(Write(("one.yaml", Older + "---\n" + Newer + "---\n" + Vs)));

        Assert.Equal(Merged + "---\n" + VsRepointed, change.After);
    }

    [Fact]
    public void Each_file_changes_on_its_own_in_path_order_and_a_file_left_with_comments_is_deleted()
    {
        var changes = Write(("vs.yaml", Vs), ("b.yaml", "# the newer gateway\n---\n" + Newer), ("a.yaml", Older));

        Assert.Equal(["a.yaml deleted=False removed=", "b.yaml deleted=True removed=Gateway web/b", "vs.yaml deleted=False removed="], changes.Select(Describe));
        Assert.Equal([Merged, null, VsRepointed], changes.Select(c => c.After));
    }

    [Fact]
    public void A_List_loses_the_item()
    {
        var change = Assert.Single(Write(("list.yaml", "apiVersion: v1\nkind: List\nitems:\n" + Item(Older) + Item(Newer))));

        Assert.Equal("list.yaml deleted=False removed=Gateway web/b", Describe(change));
        Assert.Equal("apiVersion: v1\nkind: List\nitems:\n" + Item(Merged), change.After);
    }

    private const string Json = "{\"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Gateway\", \"metadata\": {\"name\": \"b\", \"namespace\": \"web\", \"creationTimestamp\": \"2024-01-02T00:00:00Z\"}, \"spec\": {\"selector\": {\"istio\": \"ingressgateway\"}, \"servers\": [{\"port\": {\"number\": 443, \"name\": \"https\", \"protocol\": \"HTTPS\"}, \"hosts\": [\"b.example.com\"], \"tls\": {\"mode\": \"SIMPLE\", \"credentialName\": \"cert\"}}]}}\n";

    [Fact]
    public void A_JSON_file_of_the_removed_object_is_deleted()
    {
        var changes = Write(("a.yaml", Older), ("b.json", Json));

        Assert.Equal(["a.yaml deleted=False removed=", "b.json deleted=True removed=Gateway web/b"], changes.Select(Describe));
    }

    [Fact]
    public void An_object_not_read_from_a_file_is_refused()
    {
        var (snapshot, objects) = Read(Older + "---\n" + Newer);
        var files = new Dictionary<ObjectRef, string> { [snapshot.Gateways.Single(g => g.Key == "web/a").Ref] = "one.yaml" };

        var error = Assert.Throws<PlanException>(() => SourceFilePlan.Make(Plan((snapshot, objects)), new Dictionary<string, string> { ["one.yaml"] = Older + "---\n" + Newer }, files));

        Assert.Equal("Gateway web/b: not read from a file that can be edited", error.Message);
    }

    [Fact]
    public void A_file_changed_since_it_was_read_is_refused()
    {
        var (snapshot, objects) = Read(Older + "---\n" + Newer);
        var files = snapshot.Gateways.ToDictionary(g => g.Ref, _ => "one.yaml");

        var error = Assert.Throws<PlanException>(() => SourceFilePlan.Make(Plan((snapshot, objects)), new Dictionary<string, string> { ["one.yaml"] = Older }, files));

        Assert.Equal("one.yaml: Gateway web/b is not where it was read", error.Message);
    }

    [Fact]
    public void A_file_that_already_says_what_the_plan_writes_is_not_a_change()
    {
        // a.yaml was merged by hand after the read: its edits leave it as it is.
        var changes = Write(read: [("a.yaml", Older), ("b.yaml", Newer)], now: [("a.yaml", Merged), ("b.yaml", Newer)]);

        Assert.Equal(["b.yaml deleted=True removed=Gateway web/b"], changes.Select(Describe));
    }

    [Fact]
    public void An_empty_document_before_the_objects_is_passed_over()
    {
        // Its root is no mapping: it names no object, and the search goes on past it.
        var change = Assert.Single(Write(("one.yaml", "---\n---\n" + Older + "---\n" + Newer)));

        Assert.Equal("---\n---\n" + Merged, change.After);
    }

    [Fact]
    public void A_file_left_with_its_separator_lines_only_is_deleted()
    {
        // Removing the document with the --- before it leaves the --- after it.
        var changes = Write(("a.yaml", Older), ("b.yaml", "---\n" + Newer + "---\n"));

        Assert.Equal(["a.yaml deleted=False removed=", "b.yaml deleted=True removed=Gateway web/b"], changes.Select(Describe));
    }

    [Fact]
    public void Only_a_List_is_searched_for_items_and_a_copy_in_another_kind_stays()
    {
        // A kind that does not end in List is not read as one: its items are not objects of the input.
        var bundle = "apiVersion: example.com/v1\nkind: Bundle\nmetadata: {name: copies, namespace: web}\nitems:\n" + Item(Newer);

        var change = Assert.Single(Write(("one.yaml", Older + "---\n" + bundle + "---\n" + Newer)));

        Assert.Equal(Merged + "---\n" + bundle, change.After);
    }

    [Fact]
    public void An_object_is_found_by_kind_and_apiVersion_and_an_object_of_another_kind_with_its_name_stays()
    {
        var namesake = VirtualService("web/b", "other.example.com").TrimStart('-', '\n');

        var change = Assert.Single(Write(("one.yaml", Older + "---\n" + namesake + "---\n" + Newer)));

        Assert.Equal(Merged + "---\n" + namesake, change.After);
    }

    [Fact]
    public void An_object_without_a_namespace_is_found_in_default()
    {
        static string WithoutNamespace(string gateway) => gateway.Replace("  namespace: default\n", "", StringComparison.Ordinal);
        var older = WithoutNamespace(Gateway("default/a", Ingress, [Simple(443, "a.example.com")], created: "2024-01-01T00:00:00Z").TrimStart('-', '\n'));
        var newer = WithoutNamespace(Gateway("default/b", Ingress, [Simple(443, "b.example.com")], created: "2024-01-02T00:00:00Z").TrimStart('-', '\n'));

        var change = Assert.Single(Write(("one.yaml", older + "---\n" + newer)));

        Assert.Equal("one.yaml deleted=False removed=Gateway default/b", Describe(change));
        Assert.Equal(older.Replace("hosts: [\"a.example.com\"]", "hosts: [\"a.example.com\", \"b.example.com\"]", StringComparison.Ordinal), change.After);
    }

    [Fact]
    public void A_server_without_hosts_stays_as_written_beside_the_merged_server()
    {
        var older = Gateway("web/a", Ingress, [Simple(443, "a.example.com"), "{port: {number: 80, name: http, protocol: HTTP}}"], created: "2024-01-01T00:00:00Z").TrimStart('-', '\n');

        var change = Assert.Single(Write(("one.yaml", older + "---\n" + Newer)));

        Assert.Equal(older.Replace("hosts: [\"a.example.com\"]", "hosts: [\"a.example.com\", \"b.example.com\"]", StringComparison.Ordinal), change.After);
    }

    [Fact]
    public void A_Gateway_whose_servers_changed_since_it_was_read_is_refused()
    {
        var twoServers = Gateway("web/a", Ingress, [Simple(443, "a.example.com"), Simple(8443, "c.example.com")], created: "2024-01-01T00:00:00Z").TrimStart('-', '\n');

        var error = Assert.Throws<PlanException>(() => Write(read: [("one.yaml", Older + "---\n" + Newer)], now: [("one.yaml", twoServers + "---\n" + Newer)]));

        Assert.Equal("one.yaml: the servers of Gateway web/a are not where they were read", error.Message);
    }

    [Fact]
    public void A_VirtualService_whose_gateway_lists_changed_since_it_was_read_is_refused()
    {
        // One list more in the file than in the plan (an http route's match names the Gateway too).
        var more = VirtualService("web/vs", "b.example.com", gateways: "b", http: "b").TrimStart('-', '\n');

        var error = Assert.Throws<PlanException>(() => Write(read: [("one.yaml", Older + "---\n" + Newer + "---\n" + Vs)], now: [("one.yaml", Older + "---\n" + Newer + "---\n" + more)]));

        Assert.Equal("one.yaml: the gateway lists of VirtualService web/vs are not where they were read", error.Message);
    }

    [Fact]
    public void A_JSON_object_among_other_documents_is_refused()
    {
        // JSON objects as the documents of a YAML stream: a flow mapping is not cut out of the
        // text with its separator, as a block document is; only a file of one is edited (deleted).
        const string ConfigMap = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"settings\", \"namespace\": \"web\"}}\n";

        var error = Assert.Throws<PlanException>(() => Write(("a.yaml", Older), ("b.yaml", "---\n" + Json + "---\n" + ConfigMap)));

        Assert.Equal("b.yaml: a JSON file with several objects is not edited in place", error.Message);
    }

    // The planner writes only servers it read (hosts aside), and strings; Make is public and
    // checks what it is given against the objects as read, so plans made by hand test those checks.
    private static readonly ObjectRef GatewayA = new("networking.istio.io/v1", "Gateway", "web", "a");
    private const string ServersOfA = """[{"port": {"number": 443, "name": "https-443", "protocol": "HTTPS"}, "hosts": ["a.example.com"], "tls": {"mode": "SIMPLE", "credentialName": "cert"}}]""";

    private static JsonObject Object(string kind, string name, string spec) =>
        JsonNode.Parse($$"""{"apiVersion": "networking.istio.io/v1", "kind": "{{kind}}", "metadata": {"name": "{{name}}", "namespace": "web"}, "spec": {{spec}}}""")!.AsObject();

    private static JsonObject GatewayJson(string? servers) =>
        Object("Gateway", "a", servers is null ? """{"selector": {"istio": "ingressgateway"}}""" : $$"""{"selector": {"istio": "ingressgateway"}, "servers": {{servers}}}""");

    private static IReadOnlyList<SourceFileChange> WritePlanned(string text, PlannedObject planned) =>
        SourceFilePlan.Make(
            new MergePlan { Groups = [], Apply = [planned], Delete = [], Skipped = [], Steps = [] },
            new Dictionary<string, string> { ["one.yaml"] = text },
            new Dictionary<ObjectRef, string> { [planned.Target] = "one.yaml" });

    [Theory]
    [InlineData("""[{"port": {"number": 8443, "name": "https-8443", "protocol": "HTTPS"}, "hosts": ["a.example.com"], "tls": {"mode": "SIMPLE", "credentialName": "cert"}}]""")]
    [InlineData("[null]")]
    public void A_plan_whose_servers_are_not_among_those_read_is_refused(string plannedServers)
    {
        var planned = new PlannedObject(GatewayA, PlannedRole.Survivor, GatewayJson(ServersOfA), GatewayJson(plannedServers));

        var error = Assert.Throws<PlanException>(() => WritePlanned(Older, planned));

        Assert.Equal("one.yaml: the servers planned for Gateway web/a are not a subset of its servers", error.Message);
    }

    [Fact]
    public void A_Gateway_read_and_planned_without_servers_is_left_as_it_is()
    {
        const string Text = "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: a, namespace: web}\nspec:\n  selector: {istio: ingressgateway}\n  servers: []\n";
        var planned = new PlannedObject(GatewayA, PlannedRole.Absorbed, GatewayJson(null), GatewayJson(null));

        Assert.Empty(WritePlanned(Text, planned));
    }

    [Fact]
    public void A_null_host_in_a_planned_server_is_written_as_an_empty_string()
    {
        var planned = new PlannedObject(GatewayA, PlannedRole.Survivor, GatewayJson(ServersOfA), GatewayJson(ServersOfA.Replace("[\"a.example.com\"]", "[\"a.example.com\", null]", StringComparison.Ordinal)));

        var change = Assert.Single(WritePlanned(Older, planned));

        Assert.Equal(Older.Replace("hosts: [\"a.example.com\"]", "hosts: [\"a.example.com\", \"\"]", StringComparison.Ordinal), change.After);
    }

    [Fact]
    public void A_null_name_in_a_planned_gateway_list_is_written_as_an_empty_string()
    {
        var target = new ObjectRef("networking.istio.io/v1", "VirtualService", "web", "vs");
        var planned = new PlannedObject(target, PlannedRole.VirtualService,
            Object("VirtualService", "vs", """{"hosts": ["b.example.com"], "gateways": ["b"]}"""),
            Object("VirtualService", "vs", """{"hosts": ["b.example.com"], "gateways": [null]}"""));

        var change = Assert.Single(WritePlanned(Vs, planned));

        Assert.Equal(Vs.Replace("gateways: [\"b\"]", "gateways: [\"\"]", StringComparison.Ordinal), change.After);
    }
}
