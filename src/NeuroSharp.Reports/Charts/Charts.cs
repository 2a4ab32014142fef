using ScottPlot;

namespace NeuroSharp.Reports.Charts;

/// <summary>Line and scatter charts as PNG bytes (ScottPlot), sized for the HTML report.</summary>
public static class Charts
{
    /// <summary>Default chart width in pixels.</summary>
    public const int DefaultWidth = 640;

    /// <summary>Default chart height in pixels.</summary>
    public const int DefaultHeight = 400;

    /// <summary>One or more named curves over a shared x axis.</summary>
    /// <param name="title">The chart title.</param>
    /// <param name="xLabel">The x axis label.</param>
    /// <param name="yLabel">The y axis label.</param>
    /// <param name="series">Named (x, y) series.</param>
    /// <param name="logX">True for a logarithmic x axis (x must be positive).</param>
    /// <returns>The PNG bytes.</returns>
    public static byte[] Lines(string title, string xLabel, string yLabel, IEnumerable<(string Name, double[] X, double[] Y)> series, bool logX = false)
    {
        var plot = new Plot();
        foreach (var (name, x, y) in series)
        {
            double[] xs = logX ? x.Select(Math.Log10).ToArray() : x;
            var s = plot.Add.Scatter(xs, y);
            s.LegendText = name;
            s.MarkerSize = x.Length > 60 ? 0 : 4;
        }
        if (logX)
        {
            var ticks = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => $"{Math.Pow(10, v):G3}" };
            plot.Axes.Bottom.TickGenerator = ticks;
        }
        Decorate(plot, title, xLabel, yLabel);
        return plot.GetImageBytes(DefaultWidth, DefaultHeight, ImageFormat.Png);
    }

    /// <summary>2-D points coloured by cluster, with the cluster centres drawn on top.</summary>
    /// <param name="title">The chart title.</param>
    /// <param name="x">Point x coordinates.</param>
    /// <param name="y">Point y coordinates.</param>
    /// <param name="cluster">Cluster of each point.</param>
    /// <param name="centreX">Centre x coordinates.</param>
    /// <param name="centreY">Centre y coordinates.</param>
    /// <returns>The PNG bytes.</returns>
    public static byte[] ClusteredPoints(string title, double[] x, double[] y, int[] cluster, double[] centreX, double[] centreY)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        int k = centreX.Length;
        for (int c = 0; c < k; c++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < x.Length; i++)
            {
                if (cluster[i] == c)
                {
                    xs.Add(x[i]);
                    ys.Add(y[i]);
                }
            }
            if (xs.Count == 0) continue;
            var s = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
            s.Color = palette.GetColor(c).WithAlpha(0.55);
            s.MarkerSize = 3;
        }
        var centres = plot.Add.ScatterPoints(centreX, centreY);
        centres.Color = Colors.Black;
        centres.MarkerShape = MarkerShape.FilledDiamond;
        centres.MarkerSize = 9;
        centres.LegendText = "centres";
        Decorate(plot, title, "x1", "x2");
        plot.Axes.SquareUnits();
        return plot.GetImageBytes(DefaultHeight + 80, DefaultHeight + 40, ImageFormat.Png);
    }

    private static void Decorate(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (plot.GetPlottables().Any(p => p is ScottPlot.Plottables.Scatter { LegendText.Length: > 0 }))
            plot.ShowLegend(Alignment.LowerRight);
    }
}
