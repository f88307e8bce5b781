using ScottPlot;

namespace IstioTls.Bench;

/// <summary>Wall time against N on log-log axes (ScottPlot plots log10 values with labelled ticks).</summary>
public static class Plots
{
    public static void Live(IReadOnlyList<Summary> live, string path) =>
        Save(live, path, "Against a cluster: wall time (median) against the number of Gateways");

    public static void Offline(IReadOnlyList<Summary> offline, string path) =>
        Save(offline, path, "Offline check -f: wall time (median) against the number of Gateways");

    private static void Save(IReadOnlyList<Summary> summaries, string path, string title)
    {
        if (summaries.Count == 0)
        {
            return;
        }
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var index = 0;
        foreach (var contender in summaries.GroupBy(s => s.Contender))
        {
            var points = contender.OrderBy(s => s.Size).ToList();
            var line = plot.Add.Scatter(points.Select(p => Math.Log10(p.Size)).ToArray(), points.Select(p => Math.Log10(p.Median)).ToArray(), palette.GetColor(index++));
            line.LegendText = contender.Key;
            line.MarkerSize = 8;
            line.LineWidth = 2;
        }
        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Axes.Left.TickGenerator = LogTicks();
        plot.XLabel("Gateways (N)");
        plot.YLabel("seconds");
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 560);
    }

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = value => Math.Pow(10, value).ToString(value < 0 ? "0.###" : "#,0", System.Globalization.CultureInfo.InvariantCulture),
    };
}
