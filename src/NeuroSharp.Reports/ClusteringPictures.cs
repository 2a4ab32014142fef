using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Reports;

/// <summary>The pictures of article 000 (docs/articles.md#article-000-clusterizers): centres as images, masks as heat maps, clustered points, learning curves.</summary>
public static class ClusteringPictures
{
    /// <summary>A layer's centres as a grid of images (e.g. 28 x 28 digits), grey, shared range.</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="shape">The image shape of its inputs.</param>
    /// <param name="columns">Images per row; 0 for one row of up to 20.</param>
    /// <returns>PNG bytes.</returns>
    public static byte[] Centres(CompetitiveLayer layer, ImageShape shape, int columns = 0) =>
        ImageGrid.RenderPng(layer.Centres, layer.ClusterCount, shape.Height, shape.Width,
            new ImageGridOptions { Columns = columns > 0 ? columns : Math.Min(layer.ClusterCount, 20), Scale = 2, SharedRange = false, Low = 0 });

    /// <summary>A meta-clusterer's masks: one viridis image per mask for image data (range [0, 1]), else an M x D heat map.</summary>
    /// <param name="model">The meta-clusterer.</param>
    /// <param name="shape">The image shape of its inputs, or null.</param>
    /// <returns>PNG bytes.</returns>
    public static byte[] Masks(MetaClusterer model, ImageShape? shape)
    {
        if (shape is { } s)
        {
            return ImageGrid.RenderPng(model.Masks, model.MetaCount, s.Height, s.Width,
                new ImageGridOptions { Columns = Math.Min(model.MetaCount, 5), Scale = 4, Colormap = Colormap.Viridis, Low = 0, High = 1 });
        }
        // Each row a meta-cluster's mask, each column an input (the article's pictures); cells big enough to see.
        int scale = Math.Clamp(800 / model.InputCount, 2, 24);
        return ImageGrid.RenderPng(model.Masks, 1, model.MetaCount, model.InputCount,
            new ImageGridOptions { Columns = 1, Scale = scale, Colormap = Colormap.Viridis, Low = 0, High = 1 });
    }

    /// <summary>The centres of every layer of a meta-clusterer, one row of K images per meta-cluster.</summary>
    /// <param name="model">The meta-clusterer.</param>
    /// <param name="shape">The image shape of its inputs.</param>
    /// <returns>PNG bytes.</returns>
    public static byte[] MetaCentres(MetaClusterer model, ImageShape shape)
    {
        int k = model.ClusterCount, d = model.InputCount;
        var all = new float[model.MetaCount * k * d];
        for (int m = 0; m < model.MetaCount; m++) model.Layer(m).Centres.CopyTo(all.AsSpan(m * k * d));
        return ImageGrid.RenderPng(all, model.MetaCount * k, shape.Height, shape.Width,
            new ImageGridOptions { Columns = k, Scale = 2, SharedRange = false, Low = 0 });
    }

    /// <summary>2-D points coloured by the winner of each, with the centres.</summary>
    /// <param name="layer">A layer over 2 inputs.</param>
    /// <param name="data">Points with 2 columns.</param>
    /// <param name="maxPoints">The most points drawn (the first ones).</param>
    /// <returns>PNG bytes.</returns>
    public static byte[] Points2D(CompetitiveLayer layer, Dataset data, int maxPoints = 4000)
    {
        if (data.ColumnCount != 2 || layer.InputCount != 2) throw new ArgumentException("Points2D needs 2-D data and a 2-input layer.");
        var shown = data.Take(maxPoints);
        int[] winners = layer.Predict(shown, 1);
        var x = new double[shown.RowCount];
        var y = new double[shown.RowCount];
        for (int i = 0; i < shown.RowCount; i++)
        {
            x[i] = shown.Row(i)[0];
            y[i] = shown.Row(i)[1];
        }
        var cx = new double[layer.ClusterCount];
        var cy = new double[layer.ClusterCount];
        for (int k = 0; k < layer.ClusterCount; k++)
        {
            cx[k] = layer.Centre(k)[0];
            cy[k] = layer.Centre(k)[1];
        }
        return Charts.Charts.ClusteredPoints($"{layer.ClusterCount} neurons as online k-means", x, y, winners, cx, cy);
    }

    /// <summary>The learnState curves of one or more fits.</summary>
    /// <param name="title">The chart title.</param>
    /// <param name="curves">Named curves of (samples, learnState).</param>
    /// <returns>PNG bytes.</returns>
    public static byte[] LearnState(string title, IEnumerable<(string Name, IReadOnlyList<(long Samples, float LearnState)> Curve)> curves) =>
        Charts.Charts.Lines(title, "samples", "learnState = mean_j max_m W_mj",
            curves.Select(c => (c.Name, c.Curve.Select(p => (double)p.Samples).ToArray(), c.Curve.Select(p => (double)p.LearnState).ToArray())));
}
