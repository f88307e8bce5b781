using System.Diagnostics;
using System.Globalization;

namespace IstioTls.Bench;

/// <summary>One run of a command: wall time and the peak resident memory of its process tree.</summary>
public sealed record Sample(double Seconds, long PeakKilobytes, int ExitCode);

/// <summary>Median, minimum and maximum over the runs of one contender at one size.</summary>
public sealed record Summary(string Contender, int Size, IReadOnlyList<Sample> Samples)
{
    public double Median => MedianOf(Samples.Select(s => s.Seconds));
    public double Min => Samples.Min(s => s.Seconds);
    public double Max => Samples.Max(s => s.Seconds);
    public double MedianPeakMegabytes => MedianOf(Samples.Select(s => s.PeakKilobytes / 1024.0));

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>
/// Runs a command under GNU time: its %M is the largest resident set of the process and the
/// children it waited for, which for the seed's bash script is its largest kubectl.
/// </summary>
public static class Measure
{
    public static Sample Run(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, string? stdinFile = null)
    {
        var timeOutput = Path.GetTempFileName();
        var start = new ProcessStartInfo("/usr/bin/time")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-f", "%M", "-o", timeOutput, program, .. args])
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        // Drain the output as it comes (the real work writes megabytes of JSON) and drop it.
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        stdout.Wait();
        var seconds = clock.Elapsed.TotalSeconds;
        var peak = long.Parse(File.ReadAllLines(timeOutput).Last(l => l.Length > 0 && char.IsDigit(l[0])), CultureInfo.InvariantCulture);
        File.Delete(timeOutput);
        if (process.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}");
        }
        return new Sample(seconds, peak, process.ExitCode);
    }
}
