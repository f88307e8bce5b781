using CsCheck;
using IstioTls.Analysis;

namespace IstioTls.Tests;

/// <summary>
/// RFC 6125 certificate matching (what a browser accepts) against Istio host matching (what a
/// server serves), as a table and as properties over generated names.
/// </summary>
public class HostNamesTests
{
    [Theory]
    [InlineData("shop.example.com", "shop.example.com", true)]
    [InlineData("Shop.Example.COM", "shop.example.com", true)]
    [InlineData("shop.example.com.", "shop.example.com", true)]
    [InlineData("shop.example.com", "www.example.com", false)]
    [InlineData("*.example.com", "shop.example.com", true)]
    [InlineData("*.example.com", "SHOP.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "a.b.example.com", false)]
    [InlineData("*.example.com", "shop.example.com.evil.net", false)]
    [InlineData("*.example.com", "shopexample.com", false)]
    [InlineData("*.example.com", ".example.com", false)]
    [InlineData("f*.example.com", "foo.example.com", false)]
    [InlineData("*", "shop.example.com", false)]
    [InlineData("", "", false)]
    public void A_certificate_name_covers_a_host_as_browsers_check_it(string san, string host, bool expected) =>
        Assert.Equal(expected, HostNames.Covers(san, host));

    [Theory]
    [InlineData("*", "anything.example.com", true)]
    [InlineData("*.example.com", "a.b.example.com", true)]
    [InlineData("*.example.com", "*.b.example.com", true)]
    [InlineData("*.example.com", "*.example.com", true)]
    [InlineData("*.b.example.com", "*.example.com", false)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("shop.example.com", "SHOP.example.com", true)]
    [InlineData("shop.example.com", "*.example.com", false)]
    public void A_server_host_serves_names_as_Istio_matches_them(string pattern, string name, bool expected) =>
        Assert.Equal(expected, HostNames.Serves(pattern, name));

    [Theory]
    [InlineData("*.example.com", "shop.example.com", "shop.example.com")]
    [InlineData("*.example.com", "a.b.example.com", null)]
    [InlineData("*.example.com", "*.example.com", "*.example.com")]
    [InlineData("*.b.example.com", "*.example.com", "*.b.example.com")]
    [InlineData("*.example.com", "*.b.example.com", null)]
    [InlineData("a.b.example.com", "*.example.com", "a.b.example.com")]
    [InlineData("shop.example.com", "*", "shop.example.com")]
    [InlineData("*.example.com", "*", "*.example.com")]
    [InlineData("shop.example.org", "*.example.com", null)]
    public void The_overlap_is_what_the_certificate_covers_and_the_host_serves(string san, string host, string? expected) =>
        Assert.Equal(expected, HostNames.Overlap(san, host));

    [Theory]
    [InlineData("shop.example.com", "shop.example.com", "shop.example.com")]
    [InlineData("*.example.com", "shop.example.com", "shop.example.com")]
    [InlineData("shop.example.com", "*.example.com", "shop.example.com")]
    [InlineData("*.example.com", "*.b.example.com", "*.b.example.com")]
    [InlineData("*.b.example.com", "*.example.com", "*.b.example.com")]
    [InlineData("*", "*.example.com", "*.example.com")]
    [InlineData("*.example.com", "*", "*.example.com")]
    [InlineData("*", "*", "*")]
    [InlineData("Shop.Example.com", "shop.example.com", "shop.example.com")]
    [InlineData("*.example.com", "example.com", null)]
    [InlineData("shop.example.com", "www.example.com", null)]
    [InlineData("*.example.com", "*.example.org", null)]
    public void Two_host_patterns_share_the_narrower(string a, string b, string? expected)
    {
        Assert.Equal(expected, HostNames.Shared(a, b));
        Assert.Equal(expected, HostNames.Shared(b, a));
    }

    private static readonly Gen<string> Label = Gen.OneOf("a", "b", "shop", "www", "x-1", "Api");

    private static readonly Gen<string> Name = Label.Array[1, 4].Select(labels => string.Join('.', labels));

    [Fact]
    public void Matching_ignores_case()
    {
        Gen.Select(Name, Name).Sample((san, host) =>
        {
            var wildcard = "*." + san;
            Assert.Equal(HostNames.Covers(san, host), HostNames.Covers(san.ToUpperInvariant(), host));
            Assert.Equal(HostNames.Covers(wildcard, host), HostNames.Covers(wildcard, host.ToUpperInvariant()));
            Assert.Equal(HostNames.Serves(wildcard, host), HostNames.Serves(wildcard.ToUpperInvariant(), host));
        }, iter: 500);
    }

    [Fact]
    public void An_exact_name_covers_only_itself()
    {
        Gen.Select(Name, Name).Sample((san, host) =>
            Assert.Equal(string.Equals(san, host, StringComparison.OrdinalIgnoreCase), HostNames.Covers(san, host)), iter: 500);
    }

    [Fact]
    public void A_wildcard_never_covers_a_name_with_another_number_of_labels()
    {
        Gen.Select(Name, Name).Sample((suffix, host) =>
        {
            var wildcard = "*." + suffix;
            if (HostNames.Covers(wildcard, host))
            {
                Assert.Equal(wildcard.Split('.').Length, host.Split('.').Length);
                Assert.EndsWith("." + suffix.ToLowerInvariant(), host.ToLowerInvariant(), StringComparison.Ordinal);
            }
        }, iter: 500);
    }

    [Fact]
    public void A_wildcard_covers_every_single_label_under_it()
    {
        Gen.Select(Label, Name).Sample((label, suffix) =>
            Assert.True(HostNames.Covers("*." + suffix, $"{label}.{suffix}")), iter: 300);
    }

    [Fact]
    public void An_overlap_is_covered_by_the_certificate_and_served_by_the_host()
    {
        var san = Gen.OneOf(Name, Name.Select(n => "*." + n));
        var host = Gen.OneOf(Name, Name.Select(n => "*." + n), Gen.Const("*"));
        Gen.Select(san, host).Sample((s, h) =>
        {
            if (HostNames.Overlap(s, h) is not { } name)
            {
                return;
            }
            Assert.True(HostNames.Serves(h, name), $"{h} does not serve {name}");
            var probe = HostNames.IsWildcard(name) ? "probe" + name[1..] : name;
            Assert.True(HostNames.Covers(s, probe), $"{s} does not cover {probe}");
        }, iter: 1000);
    }
}
