using ScottPlot;

namespace NeuroSharp.Reports.Experiments.Spiking;

/// <summary>Pictures of spiking runs (ScottPlot): rasters and state traces, as PNG bytes.</summary>
public static class SpikingCharts
{
    /// <summary>A spike raster: one dot per spike at (time, neuron), one colour per group.</summary>
    /// <param name="title">The title.</param>
    /// <param name="groups">Named groups of (times in ms, neuron rows).</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The PNG bytes.</returns>
    public static byte[] Raster(string title, IEnumerable<(string Name, double[] TimesMs, double[] Rows)> groups, int width = 800, int height = 400)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int k = 0;
        foreach (var (name, times, rows) in groups)
        {
            if (times.Length == 0) continue;
            var s = plot.Add.ScatterPoints(times, rows);
            s.Color = palette.GetColor(k++);
            s.MarkerSize = times.Length > 5000 ? 1 : 3;
            s.MarkerShape = MarkerShape.FilledSquare;
            s.LegendText = name;
        }
        plot.Title(title);
        plot.XLabel("time (ms)");
        plot.YLabel("neuron");
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>State traces over time as step lines (one per series).</summary>
    /// <param name="title">The title.</param>
    /// <param name="xLabel">The x label.</param>
    /// <param name="yLabel">The y label.</param>
    /// <param name="series">Named (x, y) series.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The PNG bytes.</returns>
    public static byte[] Traces(string title, string xLabel, string yLabel, IEnumerable<(string Name, double[] X, double[] Y)> series, int width = 800, int height = 400)
    {
        var plot = new Plot();
        foreach (var (name, x, y) in series)
        {
            var s = plot.Add.Scatter(x, y);
            s.LegendText = name;
            s.MarkerSize = x.Length > 80 ? 0 : 3;
            s.ConnectStyle = ConnectStyle.StepHorizontal;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
