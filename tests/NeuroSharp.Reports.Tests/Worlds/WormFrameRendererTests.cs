using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Reports.Worlds;
using NeuroSharp.Testing;
using SkiaSharp;

namespace NeuroSharp.Reports.Tests.Worlds;

/// <summary>The worm's drawings: frames from the flat state, touch flashes, PNG frames and the GIF encoder.</summary>
public class WormFrameRendererTests
{
    private static double[] State(bool pressHead)
    {
        var w = new WormWorld();
        w.Reset(pressHead ? w.Arena.Width - w.Body.BodyRadius : 3, 3, 0);
        w.AddFood(1, 1);
        w.AddObstacle(1, 5, 0.4);
        w.Step(0.5, 0, false);
        var s = new double[w.StateLength];
        w.WriteState(s);
        return s;
    }

    private static SKPoint Pixel(double x, double y, double height = 6, double scale = 80) => new(8 + (float)(x * scale), 8 + (float)((height - y) * scale));

    [Fact]
    public void Render_Frame_DrawsFoodObstacleAndTouchFlash()
    {
        var r = new WormFrameRenderer();
        using var bitmap = r.Render(State(pressHead: true));
        Assert.Equal(8 * 2 + 480, bitmap.Width);
        var food = Pixel(1, 1);
        Assert.Equal(WormFrameRenderer.Palette[3], bitmap.GetPixel((int)food.X, (int)food.Y));
        var obstacle = Pixel(1, 5.2);
        Assert.Equal(WormFrameRenderer.Palette[2], bitmap.GetPixel((int)obstacle.X, (int)obstacle.Y));
        // The head presses on the right wall: a yellow flash just inside the wall beside the head.
        var head = Pixel(6 - 0.03 - 0.05, 3);
        Assert.Equal(WormFrameRenderer.Palette[8], bitmap.GetPixel((int)head.X, (int)head.Y));
        using var calm = r.Render(State(pressHead: false));
        Assert.NotEqual(WormFrameRenderer.Palette[8], calm.GetPixel((int)head.X, (int)head.Y));
    }

    [Fact]
    public void Render_NotAWormState_OneSentence()
    {
        var e = Assert.Throws<ArgumentException>(() => new WormFrameRenderer().Render(new double[5]));
        Assert.StartsWith("A worm state has at least 12 values (got 5).", e.Message);
    }

    [Fact]
    public void Recorder_WritesPngFramesAndGif()
    {
        using var dir = new TempDirectory();
        var rec = new WormFrameRecorder(every: 2);
        for (int t = 0; t < 5; t++) rec.OnWorldStep(t, State(pressHead: t == 2), [0, 0, 0]);
        Assert.Equal(3, rec.Frames.Count);
        var paths = rec.WritePngFrames(Path.Combine(dir.Path, "frames"));
        Assert.Equal(3, paths.Count);
        using (var decoded = SKBitmap.Decode(paths[1])) Assert.Equal(496, decoded.Width);
        string gif = Path.Combine(dir.Path, "worm.gif");
        rec.WriteGif(gif);
        var bytes = File.ReadAllBytes(gif);
        Assert.Equal("GIF89a"u8.ToArray(), bytes[..6]);
        Assert.Equal(0x3B, bytes[^1]);
    }

    [Fact]
    public void GifWriter_DecodesBackToTheSamePixels()
    {
        // A frame in palette colours with long runs and noise (so the LZW table fills, widens and resets).
        var palette = WormFrameRenderer.Palette;
        using var bitmap = new SKBitmap(300, 200);
        ulong x = 88172645463325252;
        for (int py = 0; py < 200; py++)
        {
            for (int px = 0; px < 300; px++)
            {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                int c = py < 100 ? px / 30 % palette.Count : (int)(x % (ulong)palette.Count);
                bitmap.SetPixel(px, py, palette[c]);
            }
        }
        var gif = new GifWriter(palette);
        gif.AddFrame(bitmap);
        gif.AddFrame(bitmap);
        using var codec = SKCodec.Create(new SKMemoryStream(gif.ToArray()));
        Assert.Equal(2, codec.FrameCount);
        using var decoded = new SKBitmap(new SKImageInfo(300, 200, SKColorType.Bgra8888, SKAlphaType.Premul));
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(decoded.Info, decoded.GetPixels()));
        for (int py = 0; py < 200; py += 7)
        {
            for (int px = 0; px < 300; px += 3) Assert.Equal(bitmap.GetPixel(px, py), decoded.GetPixel(px, py));
        }
    }
}
