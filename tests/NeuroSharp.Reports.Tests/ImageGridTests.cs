using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Reports.Images;
using SkiaSharp;

namespace NeuroSharp.Reports.Tests;

public class ImageGridTests
{
    [Fact]
    public void Render_LaysOutImagesWithScaleAndPadding()
    {
        // Three 2x3 images, 2 columns, scale 4, padding 1: width 2*12 + 3 = 27, height 2*8 + 3 = 19.
        using var bmp = ImageGrid.Render(new float[3 * 6], 3, 2, 3, new ImageGridOptions { Columns = 2, Scale = 4, Padding = 1 });
        Assert.Equal(27, bmp.Width);
        Assert.Equal(19, bmp.Height);
    }

    [Fact]
    public void Render_MapsLowToBlackAndHighToWhite()
    {
        float[] pixels = [0f, 1f];
        using var bmp = ImageGrid.Render(pixels, 1, 1, 2, new ImageGridOptions { Scale = 1, Padding = 0 });
        Assert.Equal(new SKColor(0, 0, 0), bmp.GetPixel(0, 0));
        Assert.Equal(new SKColor(255, 255, 255), bmp.GetPixel(1, 0));
    }

    [Fact]
    public void Viridis_EndsAreDarkBlueAndYellow()
    {
        Assert.Equal(new SKColor(68, 1, 84), Colormap.Viridis.Map(0f));
        Assert.Equal(new SKColor(253, 231, 37), Colormap.Viridis.Map(1f));
        Assert.Equal(Colormap.Viridis.Map(1f), Colormap.Viridis.Map(5f)); // clamped
    }

    [Fact]
    public void RenderPng_IsAPng()
    {
        byte[] png = ImageGrid.RenderPng(new float[4], 1, 2, 2);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Throws<ArgumentException>(() => ImageGrid.RenderPng(new float[5], 1, 2, 2));
    }

    [Fact]
    public void MasksPicture_NonImageData_IsOneRowPerMetaCluster()
    {
        var model = new MetaClusterer(25, new MetaClustererOptions { MetaCount = 5, ClusterCount = 5 }, 1);
        using var bmp = SKBitmap.Decode(ClusteringPictures.Masks(model, null));
        int scale = Math.Clamp(800 / 25, 2, 24);
        Assert.Equal(25 * scale + 4, bmp.Width);
        Assert.Equal(5 * scale + 4, bmp.Height);
    }

    [Fact]
    public void Charts_LinesAndScatter_ArePngs()
    {
        byte[] lines = Charts.Charts.Lines("t", "x", "y", [("a", [1, 2, 3], [0.1, 0.5, 0.9])]);
        Assert.Equal((byte)'P', lines[1]);
        var data = Generators.UniformPoints(2, 100, new RandomStream(1));
        var layer = CompetitiveLayer.Create(data, new CompetitiveLayerOptions { ClusterCount = 3 }, 1);
        using var bmp = SKBitmap.Decode(ClusteringPictures.Points2D(layer, data));
        Assert.True(bmp.Width > 100 && bmp.Height > 100);
    }
}
