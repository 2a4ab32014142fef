using SkiaSharp;

namespace NeuroSharp.Reports.Worlds;

/// <summary>
/// Draws one world step of a task for <c>neurosharp play</c>: the state the task's <c>IWorldObserver</c> sees (in
/// the order its docs/ page lists) and the motor spike counts that chose the action. One renderer per task
/// family, registered in <see cref="WorldRenderers"/>.
/// </summary>
public interface IWorldRenderer
{
    /// <summary>Whether this renderer draws the task with this name.</summary>
    /// <param name="task">A task name (e.g. "double-pole").</param>
    /// <returns>True when it draws it.</returns>
    bool Draws(string task);

    /// <summary>The colours its frames are drawn in (at most 256): the palette of the animated GIF <c>play</c> writes,
    /// where every pixel takes the nearest of them.</summary>
    IReadOnlyList<SKColor> Palette { get; }

    /// <summary>Draws a frame.</summary>
    /// <param name="step">The world step.</param>
    /// <param name="state">The world's state after it.</param>
    /// <param name="outputSpikeCounts">The motor spikes of the window that chose its action.</param>
    /// <returns>A new bitmap (the caller disposes it).</returns>
    SKBitmap Draw(int step, ReadOnlySpan<double> state, ReadOnlySpan<int> outputSpikeCounts);
}

/// <summary>The renderers <c>play</c> knows; a new world adds one line.</summary>
public static class WorldRenderers
{
    private static readonly IWorldRenderer[] All = [new CartPoleRenderer(), new WormWorldRenderer()];

    /// <summary>The renderer of a task, or null (then <c>play</c> writes the trace only).</summary>
    /// <param name="task">The task's name.</param>
    /// <returns>The renderer, or null.</returns>
    public static IWorldRenderer? For(string task) => All.FirstOrDefault(r => r.Draws(task));
}
