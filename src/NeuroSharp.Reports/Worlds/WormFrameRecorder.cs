using NeuroSharp.Evolution;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Reports.Worlds;

/// <summary>
/// An <see cref="IWorldObserver"/> that keeps every <see cref="Every"/>-th worm state (a copy) and writes them as
/// PNG frames or one animated GIF. It copies on the observed steps only, so an episode can be recorded sparsely.
/// </summary>
public sealed class WormFrameRecorder : IWorldObserver
{
    private readonly List<double[]> _frames = [];

    /// <summary>Keeps every <paramref name="every"/>-th step, up to <paramref name="maxFrames"/> frames.</summary>
    /// <param name="every">Steps between kept frames, at least 1.</param>
    /// <param name="maxFrames">The most frames kept (later steps are dropped), at least 1.</param>
    public WormFrameRecorder(int every = 10, int maxFrames = 2000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrames, 1);
        Every = every;
        MaxFrames = maxFrames;
    }

    /// <summary>Steps between kept frames.</summary>
    public int Every { get; }

    /// <summary>The most frames kept.</summary>
    public int MaxFrames { get; }

    /// <summary>The kept states.</summary>
    public IReadOnlyList<double[]> Frames => _frames;

    /// <inheritdoc/>
    public void OnWorldStep(int step, ReadOnlySpan<double> state, ReadOnlySpan<int> outputSpikeCounts)
    {
        if (step % Every == 0 && _frames.Count < MaxFrames) _frames.Add(state.ToArray());
    }

    /// <summary>Writes frame-00000.png, frame-00001.png, ... into <paramref name="folder"/>.</summary>
    /// <param name="folder">The folder (created if missing).</param>
    /// <param name="renderer">The renderer; null for the default scale.</param>
    /// <returns>The paths written.</returns>
    public IReadOnlyList<string> WritePngFrames(string folder, WormFrameRenderer? renderer = null)
    {
        renderer ??= new WormFrameRenderer();
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        for (int i = 0; i < _frames.Count; i++)
        {
            using var bitmap = renderer.Render(_frames[i]);
            string path = Path.Combine(folder, $"frame-{i:D5}.png");
            Png.Save(path, Png.Encode(bitmap));
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>Writes the kept frames as one looping animated GIF.</summary>
    /// <param name="path">The file (written atomically).</param>
    /// <param name="delayCentiseconds">Display time of each frame in 1/100 s.</param>
    /// <param name="renderer">The renderer; null for the default scale.</param>
    public void WriteGif(string path, int delayCentiseconds = 10, WormFrameRenderer? renderer = null)
    {
        if (_frames.Count == 0) throw new InvalidOperationException("No frames were recorded.");
        renderer ??= new WormFrameRenderer();
        var gif = new GifWriter(WormFrameRenderer.Palette, delayCentiseconds);
        foreach (var state in _frames)
        {
            using var bitmap = renderer.Render(state);
            gif.AddFrame(bitmap);
        }
        NeuroSharp.Formats.AtomicFile.WriteAllBytes(path, gif.ToArray());
    }
}
