using System.Diagnostics;
using IstioTls.Fuzz;
using SharpFuzz;

// afl (default): the target for afl-fuzz, persistent mode, input on stdin.
// replay DIR...: run every file under the directories once and say what became of each (a
// crash corpus from afl-fuzz, or the committed regression corpus); exit 1 when any escapes
// with an exception or takes over a second.
if (args is ["replay", .. var directories])
{
    var failed = 0;
    foreach (var file in directories.SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories)).Order(StringComparer.Ordinal))
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var error = LoaderPipeline.Run(File.ReadAllBytes(file));
            // Over a second is a hang to afl-fuzz, and a defect here too.
            var slow = clock.ElapsedMilliseconds > 1000;
            failed += slow ? 1 : 0;
            Console.WriteLine($"{clock.ElapsedMilliseconds,6} ms  {file}: {(slow ? "DEFECT slow: " : "")}{error ?? "read"}");
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"{clock.ElapsedMilliseconds,6} ms  {file}: DEFECT {e.GetType().Name}: {e.Message}");
        }
    }
    return failed == 0 ? 0 : 1;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    LoaderPipeline.Run(buffer.ToArray());
});
return 0;
