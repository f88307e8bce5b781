using IstioTls.Plans.Misdirected;

namespace IstioTls.Tests.Misdirected;

/// <summary>A Lua string literal that is data only: host characters as they are, every other
/// byte a three-digit decimal escape.</summary>
public class LuaStringTests
{
    [Theory]
    [InlineData("shop.example.com", "\"shop.example.com\"")]
    [InlineData("*.a-b.example09.com", "\"*.a-b.example09.com\"")]
    [InlineData("azAZ", "\"az\\065\\090\"")]
    [InlineData("\"", "\"\\034\"")]
    [InlineData("\\", "\"\\092\"")]
    [InlineData("]]\n", "\"\\093\\093\\010\"")]
    [InlineData("a/b_c:1", "\"a\\047b\\095c\\0581\"")]
    [InlineData("é", "\"\\195\\169\"")]
    [InlineData("`{@[", "\"\\096\\123\\064\\091\"")]
    [InlineData("", "\"\"")]
    public void Quotes(string text, string expected) => Assert.Equal(expected, LuaString.Quote(text));
}
