using NeuroSharp.Clustering.Patches;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Reports;

/// <summary>Pictures of a feature stack: each layer's patch prototypes, and a confusion matrix.</summary>
public static class FeaturePictures
{
    /// <summary>
    /// The prototypes of one layer: for a first layer on one-channel images, each prototype as its h x w
    /// image patch; for a layer on a map of C channels, each prototype as an (h w) x C picture (a row per
    /// patch pixel, a column per prototype of the layer below).
    /// </summary>
    /// <param name="layer">The layer.</param>
    /// <returns>PNG bytes.</returns>
    public static byte[] Prototypes(PatchLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var g = layer.Geometry;
        int k = layer.ClusterCount;
        bool image = g.Channels == 1;
        int height = image ? g.Spec.PatchHeight : g.Spec.PatchHeight * g.Spec.PatchWidth;
        int width = image ? g.Spec.PatchWidth : g.Channels;
        // A deeper layer's prototype is a wide (h w) x C strip: 3 screen pixels per value, so that a value can be seen, and
        // as many strips per row as keep the whole grid about square on screen.
        int scale = image ? Math.Max(1, 24 / Math.Max(height, width)) : 3;
        int columns = image ? 0 : Math.Max(1, (int)Math.Ceiling(Math.Sqrt(k * (double)height / width)));
        return ImageGrid.RenderPng(layer.Prototypes.Centres, k, height, width,
            new ImageGridOptions { Scale = scale, Columns = columns, Padding = 1, SharedRange = false, Colormap = image ? Colormap.Gray : Colormap.Viridis });
    }

    /// <summary>
    /// A confusion matrix as a chart: row = true class (left axis, "true digit"), column = predicted (bottom axis,
    /// "predicted digit"), colour = the square root of the row's share (viridis, <see cref="Charts.Charts.Matrix"/>).
    /// </summary>
    /// <param name="confusion">Counts, [true, predicted].</param>
    /// <param name="classNoun">What a class is, in the axis labels: "digit" (MNIST), or e.g. "class".</param>
    /// <returns>PNG bytes.</returns>
    public static byte[] Confusion(int[,] confusion, string classNoun = "digit")
    {
        var (title, shares, rows, columns) = ConfusionChart(confusion, classNoun);
        return Charts.Charts.Matrix(title, shares, rows, columns);
    }

    /// <summary>What <see cref="Confusion"/> draws: its title, the cells' values and the two axis labels.</summary>
    internal static (string Title, double[,] Shares, string RowLabel, string ColumnLabel) ConfusionChart(int[,] confusion, string classNoun = "digit")
    {
        ArgumentNullException.ThrowIfNull(confusion);
        ArgumentException.ThrowIfNullOrWhiteSpace(classNoun);
        int l = confusion.GetLength(0);
        var shares = new double[l, confusion.GetLength(1)];
        for (int a = 0; a < l; a++)
        {
            long total = 0;
            for (int b = 0; b < shares.GetLength(1); b++) total += confusion[a, b];
            // The square root lifts the rare mistakes off the dark end beside the bright diagonal.
            for (int b = 0; b < shares.GetLength(1); b++) shares[a, b] = total == 0 ? 0 : Math.Sqrt(confusion[a, b] / (double)total);
        }
        return ("confusion (colour: square root of the row's share)", shares, $"true {classNoun}", $"predicted {classNoun}");
    }
}
