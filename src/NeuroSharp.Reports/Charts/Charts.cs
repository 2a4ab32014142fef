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

    /// <summary>
    /// A matrix of values in [0, 1] as coloured cells (viridis), row 0 at the top, rows and columns numbered from 0, with
    /// both axes labelled: e.g. a confusion matrix, rows the true class and columns the predicted one.
    /// </summary>
    /// <param name="title">The chart title.</param>
    /// <param name="values">The values, [row, column], each in [0, 1] (clamped).</param>
    /// <param name="rowLabel">The label of the rows' axis (left).</param>
    /// <param name="columnLabel">The label of the columns' axis (bottom).</param>
    /// <returns>The PNG bytes.</returns>
    public static byte[] Matrix(string title, double[,] values, string rowLabel, string columnLabel) =>
        MatrixPlot(title, values, rowLabel, columnLabel).GetImageBytes(DefaultHeight + 80, DefaultHeight + 40, ImageFormat.Png);

    /// <summary>The plot <see cref="Matrix"/> draws.</summary>
    internal static Plot MatrixPlot(string title, double[,] values, string rowLabel, string columnLabel)
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var plot = new Plot();
        var colours = new ScottPlot.Colormaps.Viridis();
        // Row r is drawn from y = rows - r - 1 to rows - r, so that row 0 is at the top, as the matrix is read.
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                var cell = plot.Add.Rectangle(c, c + 1, rows - r - 1, rows - r);
                cell.FillColor = colours.GetColor(Math.Clamp(values[r, c], 0, 1));
                cell.LineWidth = 0;
            }
        }
        // One tick per row and column at most every ceil(n / 20): every class of ten or twenty, fewer of many.
        var rowTicks = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < rows; r += Math.Max(1, (rows + 19) / 20)) rowTicks.AddMajor(rows - r - 0.5, r.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var columnTicks = new ScottPlot.TickGenerators.NumericManual();
        for (int c = 0; c < columns; c += Math.Max(1, (columns + 19) / 20)) columnTicks.AddMajor(c + 0.5, c.ToString(System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.Left.TickGenerator = rowTicks;
        plot.Axes.Bottom.TickGenerator = columnTicks;
        plot.Axes.SetLimits(0, columns, 0, rows);
        plot.HideGrid();
        Decorate(plot, title, columnLabel, rowLabel);
        return plot;
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
