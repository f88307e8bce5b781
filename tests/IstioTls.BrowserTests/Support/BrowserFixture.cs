namespace IstioTls.BrowserTests.Support;

/// <summary>The two browsers, each with its NSS database made once for the test class.</summary>
public sealed class BrowserFixture : IDisposable
{
    private readonly Chromium chromium = new();
    private readonly Firefox firefox = new();

    public static TheoryData<string> Names => ["Chromium", "Firefox"];

    public IBrowser Get(string name) => name switch
    {
        "Chromium" => chromium,
        "Firefox" => firefox,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public void Dispose()
    {
        chromium.Dispose();
        firefox.Dispose();
    }
}
