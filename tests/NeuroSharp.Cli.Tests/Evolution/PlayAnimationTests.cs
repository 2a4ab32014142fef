using System.Text.Json;
using NeuroSharp.Testing;
using SkiaSharp;

namespace NeuroSharp.Cli.Tests.Evolution;

/// <summary><c>play</c>'s animation: animation.gif by default, bounded by --max-frames, and its bad values refused.</summary>
public sealed class PlayAnimationTests : IClassFixture<PlayAnimationTests.PoleChampion>
{
    private readonly PoleChampion _champion;

    public PlayAnimationTests(PoleChampion champion) => _champion = champion;

    [Fact]
    public void Play_Default_WritesAGifWithOneFramePerDrawnStep()
    {
        using var dir = new TempDirectory();
        var play = CliRunner.Run("play", _champion.Path, "--task", "single-pole", "--steps", "20", "--every", "5", "--out", dir.Path, "--quiet");
        Assert.True(play.Exit == 0, play.Err);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json")));
        int steps = metrics.RootElement.GetProperty("stepsPlayed").GetInt32(), frames = metrics.RootElement.GetProperty("frames").GetInt32();
        Assert.Equal((steps + 4) / 5, frames); // steps 0, 5, 10, 15 of those played
        Assert.Equal(4, frames); // a first-generation controller keeps the pole up for 20 steps from its 0.07 rad start
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "frames")));
        AssertGif(Path.Combine(dir.Path, "animation.gif"), frames, 480, 240);
    }

    [Fact]
    public void Play_MaxFrames_StopsDrawingButNotTracing()
    {
        using var dir = new TempDirectory();
        var play = CliRunner.Run("play", _champion.Path, "--task", "single-pole", "--steps", "12", "--every", "1", "--max-frames", "3",
            "--animation", "both", "--fps", "10", "--out", dir.Path, "--quiet");
        Assert.True(play.Exit == 0, play.Err);
        AssertGif(Path.Combine(dir.Path, "animation.gif"), 3, 480, 240);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(dir.Path, "frames"), "frame-*.png").Length);
        Assert.Equal(13, File.ReadAllLines(Path.Combine(dir.Path, "trace.csv")).Length); // header and every one of the 12 steps
        byte[] gif = File.ReadAllBytes(Path.Combine(dir.Path, "animation.gif"));
        int control = gif.AsSpan().IndexOf([(byte)0x21, (byte)0xF9, (byte)4]);
        Assert.Equal(10, gif[control + 4] | gif[control + 5] << 8); // 10 fps: each frame shows 10 centiseconds
    }

    [Theory]
    [InlineData("--max-frames", "0", "--max-frames must be 1 to 10000 (got 0)")]
    [InlineData("--max-frames", "20000", "--max-frames must be 1 to 10000 (got 20000)")]
    [InlineData("--fps", "0", "--fps must be 1 to 100 (got 0)")]
    [InlineData("--animation", "mp4", "--animation must be gif, png, both or none (got 'mp4')")]
    public void Play_BadAnimationValue_RefusedWithOneSentence(string option, string value, string sentence)
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(CliRunner.Run("play", _champion.Path, "--task", "single-pole", option, value, "--out", dir.Path), sentence);
    }

    internal static void AssertGif(string path, int frames, int width, int height)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal("GIF89a"u8.ToArray(), bytes[..6]);
        Assert.Equal(width, bytes[6] | bytes[7] << 8);
        Assert.Equal(height, bytes[8] | bytes[9] << 8);
        Assert.Equal(0x3B, bytes[^1]);
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        Assert.NotNull(codec);
        Assert.Equal(frames, codec.FrameCount);
        // Every frame decodes (a broken LZW stream fails here).
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul));
        for (int i = 0; i < frames; i++)
            Assert.Equal(SKCodecResult.Success, codec.GetPixels(bitmap.Info, bitmap.GetPixels(), new SKCodecOptions(i)));
    }

    /// <summary>A single-pole controller from one CMA-ES generation, evolved once for the class.</summary>
    public sealed class PoleChampion : IDisposable
    {
        private readonly TempDirectory _dir = new();

        public PoleChampion()
        {
            var evolve = CliRunner.Run("evolve", "--task", "single-pole", "--algorithm", "cmaes", "--generations", "1", "--out", _dir.Path, "--quiet");
            if (evolve.Exit != 0) throw new InvalidOperationException(evolve.Err);
            Path = System.IO.Path.Combine(_dir.Path, "champion.json");
        }

        public string Path { get; }

        public void Dispose() => _dir.Dispose();
    }
}
