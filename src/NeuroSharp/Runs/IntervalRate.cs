namespace NeuroSharp.Runs;

/// <summary>
/// The rate of a count over the time since it was last asked for: asked once per progress line (the CLI's
/// <c>ProgressDisplay.RunWithStatus</c> makes a status only when it shows it), it is the rate over the last interval, where a
/// count divided by the time since the start would be the average of the whole run so far (which hides a run that slows
/// down or speeds up). The first call gives the rate since <paramref name="clock"/>'s zero, the start of the work.
/// </summary>
/// <param name="clock">Time since the work started.</param>
/// <param name="startCount">The count at the clock's zero (a resumed run's units done before it).</param>
public sealed class IntervalRate(Func<TimeSpan> clock, long startCount = 0)
{
    private long _count = startCount;
    private TimeSpan _at;

    /// <summary>Units per second since the last call (0 when no time has passed), then remembers <paramref name="count"/> and now.</summary>
    /// <param name="count">The count done so far (steps, images).</param>
    /// <returns>The rate.</returns>
    public double PerSecond(long count)
    {
        var now = clock();
        double seconds = (now - _at).TotalSeconds;
        double rate = seconds > 0 ? (count - _count) / seconds : 0;
        (_count, _at) = (count, now);
        return rate;
    }
}
