using ScottPlot;
using SkiaSharp;

namespace NeuroSharp.Reports.Tests;

/// <summary>confusion.png: a chart whose axes say which way the matrix reads (rows: the true digit, columns: the predicted one).</summary>
public class ConfusionChartTests
{
    /// <summary>Ten digits, each read right 9 times in 10 and once as the next digit.</summary>
    private static int[,] NextDigitMistakes()
    {
        var confusion = new int[10, 10];
        for (int a = 0; a < 10; a++)
        {
            confusion[a, a] = 9;
            confusion[a, (a + 1) % 10] = 1;
        }
        return confusion;
    }

    [Fact]
    public void Confusion_AxesSayTrueAndPredictedDigit()
    {
        var (title, shares, rows, columns) = FeaturePictures.ConfusionChart(NextDigitMistakes());
        Assert.Equal(("true digit", "predicted digit"), (rows, columns));
        Assert.Equal(("true class", "predicted class"), FeaturePictures.ConfusionChart(NextDigitMistakes(), "class") is var (_, _, r, c) ? (r, c) : default);
        var plot = Charts.Charts.MatrixPlot(title, shares, rows, columns);
        Assert.Equal("true digit", plot.Axes.Left.Label.Text);
        Assert.Equal("predicted digit", plot.Axes.Bottom.Label.Text);
        // The cells: the square root of each row's share, 0.9 on the diagonal and 0.1 one to the right.
        Assert.Equal(Math.Sqrt(0.9), shares[3, 3], 12);
        Assert.Equal(Math.Sqrt(0.1), shares[3, 4], 12);
        Assert.Equal(0, shares[3, 2]);
    }

    [Fact]
    public void Matrix_LabelsTakeTheirMargins_RowZeroIsDrawnAtTheTop()
    {
        var (title, shares, rows, columns) = FeaturePictures.ConfusionChart(NextDigitMistakes());
        var labelled = Charts.Charts.MatrixPlot(title, shares, rows, columns);
        var bare = Charts.Charts.MatrixPlot(title, shares, "", "");
        using var picture = SKBitmap.Decode(labelled.GetImageBytes(480, 440, ImageFormat.Png));
        bare.GetImageBytes(480, 440, ImageFormat.Png);
        // The axis labels are written left of the rows' numbers and below the columns' numbers: the data area starts
        // further right and ends further up than without them (by at least a line of text).
        var withLabels = labelled.RenderManager.LastRender.DataRect;
        var without = bare.RenderManager.LastRender.DataRect;
        Assert.True(withLabels.Left >= without.Left + 8, $"left edge {withLabels.Left} with labels, {without.Left} without");
        Assert.True(withLabels.Bottom <= without.Bottom - 8, $"bottom edge {withLabels.Bottom} with labels, {without.Bottom} without");
        // Row 0 (true 0) at the top: its first cell is the bright diagonal, the cell below it (true 1, predicted 0) dark,
        // and the bottom-left cell (true 9, predicted 0) the mistake 9 -> 0.
        var viridis = new ScottPlot.Colormaps.Viridis();
        void Cell(int row, int column, double value)
        {
            var at = labelled.GetPixel(new Coordinates(column + 0.5, 10 - row - 0.5));
            var shown = picture.GetPixel((int)at.X, (int)at.Y);
            var expected = viridis.GetColor(value);
            Assert.True(Math.Abs(shown.Red - expected.R) <= 2 && Math.Abs(shown.Green - expected.G) <= 2 && Math.Abs(shown.Blue - expected.B) <= 2,
                $"cell ({row}, {column}) is {shown}, expected {expected}");
        }
        Cell(0, 0, Math.Sqrt(0.9));
        Cell(1, 0, 0);
        Cell(9, 0, Math.Sqrt(0.1));
        Cell(0, 1, Math.Sqrt(0.1));
    }
}
