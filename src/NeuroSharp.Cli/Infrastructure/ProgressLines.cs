using System.Globalization;

namespace NeuroSharp.Cli;

/// <summary>
/// Progress as plain lines on stderr, where no bar can be drawn (output redirected, or --json, whose stdout must stay one
/// JSON object): "TITLE: STATUS (NN %)" at most once per <paramref name="every"/>, the first after <paramref name="every"/>
/// has passed, so a short run prints none. Reports may come from several threads.
/// </summary>
/// <param name="error">Where the lines go (stderr).</param>
/// <param name="title">The work's name, at the start of each line.</param>
/// <param name="every">The least time between lines.</param>
/// <param name="clock">Time since the work started.</param>
internal sealed class ProgressLines(TextWriter error, string title, TimeSpan every, Func<TimeSpan> clock)
{
    /// <summary>The variable that sets the seconds between lines (10 when unset; 0 writes every report).</summary>
    public const string SecondsVariable = "NEUROSHARP_PROGRESS_SECONDS";

    private readonly Lock _gate = new();
    private readonly TimeSpan _every = every;
    private TimeSpan _next = every;

    /// <summary>The time between lines: <see cref="SecondsVariable"/> when it holds a number of seconds of at least 0, else 10 s.</summary>
    public static TimeSpan Every => Parse(Environment.GetEnvironmentVariable(SecondsVariable));

    /// <summary>The time between lines that a value of <see cref="SecondsVariable"/> gives: its seconds when a number of at least 0, else 10 s.</summary>
    /// <param name="value">The variable's value, or null.</param>
    /// <returns>The interval.</returns>
    public static TimeSpan Parse(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s >= 0 && double.IsFinite(s)
            ? TimeSpan.FromSeconds(s) : TimeSpan.FromSeconds(10);

    /// <summary>Writes a line for this report if the last was at least the interval ago.</summary>
    /// <param name="fraction">The fraction done, in [0, 1].</param>
    /// <param name="status">What is being done now.</param>
    public void Report(double fraction, string status) => Report(fraction, () => status);

    /// <summary>
    /// Writes a line for this report if the last was at least the interval ago, asking for the status only then: a status
    /// that gives a rate since the last time it was asked (<see cref="NeuroSharp.Runs.IntervalRate"/>) gives the rate over the last interval.
    /// </summary>
    /// <param name="fraction">The fraction done, in [0, 1].</param>
    /// <param name="status">Makes the text of what is being done now; called only for a line that is written, one call at a time.</param>
    public void Report(double fraction, Func<string> status)
    {
        lock (_gate)
        {
            var now = clock();
            if (now < _next) return;
            _next = now + _every;
            string shown = status();
            string text = string.IsNullOrEmpty(shown) ? title : $"{title}: {shown}";
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{text} ({Math.Clamp(fraction, 0, 1) * 100:F0} %, {now.TotalSeconds:F0} s)"));
            error.Flush();
        }
    }
}
