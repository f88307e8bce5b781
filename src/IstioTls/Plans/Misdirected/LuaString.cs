using System.Text;

namespace IstioTls.Plans.Misdirected;

/// <summary>
/// Writes text as a Lua string literal that is data and nothing else: host characters
/// (<c>a-z 0-9 . * -</c>) as they are, every other byte of the UTF-8 text as a three-digit
/// decimal escape (<c>\034</c> for a quote). No quote, backslash, bracket or line break of a
/// Gateway host can end the string or start code.
/// </summary>
public static class LuaString
{
    public static string Quote(string text)
    {
        var literal = new StringBuilder(text.Length + 2);
        literal.Append('"');
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)'*' or (byte)'-')
            {
                literal.Append((char)b);
            }
            else
            {
                // Always three digits, so that a digit after the escape is never read into it.
                literal.Append('\\').Append(b.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return literal.Append('"').ToString();
    }
}
