using NeuroSharp.Reports.Images;
using ScottPlot;
using SkiaSharp;

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

    /// <summary>
    /// One panel of Brunel's Fig. 8 layout: a raster of a few neurons over a window above the population rate over the same
    /// window, sharing the time axis.
    /// </summary>
    /// <param name="title">The panel's title.</param>
    /// <param name="timesMs">Spike times of the raster's neurons.</param>
    /// <param name="rows">Their rows.</param>
    /// <param name="binTimesMs">Start of each rate bin.</param>
    /// <param name="ratesHz">The population rate in each bin.</param>
    /// <param name="fromMs">Start of the window.</param>
    /// <param name="toMs">End of the window.</param>
    /// <param name="width">Width in pixels.</param>
    /// <returns>The panel as a bitmap (the caller disposes it).</returns>
    public static SKBitmap RasterOverRate(string title, double[] timesMs, double[] rows, double[] binTimesMs, double[] ratesHz, double fromMs, double toMs, int width = 600)
    {
        var raster = new Plot();
        if (timesMs.Length > 0)
        {
            var s = raster.Add.ScatterPoints(timesMs, rows);
            s.MarkerSize = 3;
            s.MarkerShape = MarkerShape.VerticalBar;
            s.Color = Colors.Black;
        }
        raster.Title(title);
        raster.YLabel("neuron");
        raster.Axes.SetLimits(fromMs, toMs, -1, rows.Length == 0 ? 1 : rows.Max() + 1);
        var rate = new Plot();
        var line = rate.Add.Scatter(binTimesMs, ratesHz);
        line.MarkerSize = 0;
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.Color = Colors.Black;
        rate.XLabel("time (ms)");
        rate.YLabel("rate (Hz)");
        rate.Axes.SetLimitsX(fromMs, toMs);
        double top = 0;
        for (int b = 0; b < binTimesMs.Length; b++) if (binTimesMs[b] >= fromMs && binTimesMs[b] < toMs) top = Math.Max(top, ratesHz[b]);
        rate.Axes.SetLimitsY(0, top > 0 ? top * 1.05 : 1);
        int rasterHeight = width * 2 / 3, rateHeight = width / 3;
        using var a = SKBitmap.Decode(raster.GetImageBytes(width, rasterHeight, ImageFormat.Png));
        using var b2 = SKBitmap.Decode(rate.GetImageBytes(width, rateHeight, ImageFormat.Png));
        var panel = new SKBitmap(width, rasterHeight + rateHeight);
        using var canvas = new SKCanvas(panel);
        canvas.Clear(SKColors.White);
        canvas.DrawBitmap(a, 0, 0);
        canvas.DrawBitmap(b2, 0, rasterHeight);
        return panel;
    }

    /// <summary>Bitmaps of equal size in a grid, row by row, as PNG bytes.</summary>
    /// <param name="panels">The panels (all the size of the first).</param>
    /// <param name="columns">Panels per row.</param>
    /// <returns>The PNG bytes.</returns>
    public static byte[] Grid(IReadOnlyList<SKBitmap> panels, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(panels.Count, 1);
        int w = panels[0].Width, h = panels[0].Height, rowCount = (panels.Count + columns - 1) / columns;
        using var grid = new SKBitmap(w * columns, h * rowCount);
        using (var canvas = new SKCanvas(grid))
        {
            canvas.Clear(SKColors.White);
            for (int k = 0; k < panels.Count; k++) canvas.DrawBitmap(panels[k], k % columns * w, k / columns * h);
        }
        return Png.Encode(grid);
    }
}
