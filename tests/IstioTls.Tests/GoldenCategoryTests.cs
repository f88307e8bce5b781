using System.Reflection;
using System.Reflection.Emit;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>The README's golden-update command filters on <see cref="Golden.Category"/>: a test
/// that matches a golden file without the trait would keep its file stale.</summary>
public class GoldenCategoryTests
{
    [Fact]
    public void Every_test_that_matches_a_golden_file_is_in_the_Golden_category()
    {
        var match = typeof(Golden).GetMethod(nameof(Golden.Match))!;
        var tests = typeof(GoldenCategoryTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any())
            .ToList();

        var matching = tests.Where(m => Calls(m, match)).Select(Name).Order(StringComparer.Ordinal).ToList();
        var golden = tests.Where(InGoldenCategory).Select(Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(13, matching.Count);
        Assert.Equal(matching, golden);
    }

    private static string Name(MethodInfo method) => $"{method.DeclaringType!.Name}.{method.Name}";

    private static bool InGoldenCategory(MethodInfo method) =>
        method.CustomAttributes.Any(a => a.AttributeType == typeof(TraitAttribute)
            && a.ConstructorArguments.Select(c => c.Value as string).SequenceEqual(["Category", Golden.Category]));

    /// <summary>Whether the method's body calls <paramref name="callee"/> directly (a call
    /// instruction whose operand resolves to it).</summary>
    private static bool Calls(MethodInfo method, MethodInfo callee)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] != OpCodes.Call.Value)
            {
                continue;
            }
            try
            {
                if (method.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1)) == callee)
                {
                    return true;
                }
            }
            catch (ArgumentException)
            {
                // Not a method token: a byte of another instruction's operand.
            }
        }
        return false;
    }
}
