namespace NeuroSharp.Runs;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler at once on the reporting thread
/// (<see cref="Progress{T}"/> would post to the thread pool, out of order and after the work ended).
/// The one adapter from progress reports to a callback; use it instead of a private class per caller.
/// </summary>
/// <typeparam name="T">The progress value.</typeparam>
/// <param name="handler">Called with every report.</param>
public sealed class ProgressCallback<T>(Action<T> handler) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => handler(value);
}
