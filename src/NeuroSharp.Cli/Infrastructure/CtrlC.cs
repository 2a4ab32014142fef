namespace NeuroSharp.Cli;

/// <summary>
/// While in scope, Ctrl+C does not kill the process but cancels <see cref="Token"/>, so a long run can
/// finish its current step, save a checkpoint and say how to resume. Dispose to restore Ctrl+C.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private static int s_listening;
    private readonly CancellationTokenSource _cts = new();
    private readonly ConsoleCancelEventHandler? _handler;

    private CtrlC(bool listen)
    {
        if (!listen) return;
        Interlocked.Increment(ref s_listening);
        _handler = (_, e) =>
        {
            e.Cancel = true;
            _cts.Cancel();
        };
        Console.CancelKeyPress += _handler;
    }

    /// <summary>Cancelled by Ctrl+C.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>True while some scope listens (a rank of an MPI job exits 130 on Ctrl+C outside one: Program).</summary>
    public static bool Listening => Volatile.Read(ref s_listening) > 0;

    /// <summary>Whether Ctrl+C was pressed.</summary>
    public bool Requested => _cts.IsCancellationRequested;

    /// <summary>
    /// Tests only: told the name of each marked point of a run (<see cref="Point"/>); returning true presses Ctrl+C there,
    /// so a test can interrupt a run at an exact moment (e.g. right after its last generation) instead of by timing.
    /// Async-local, so tests running side by side do not see each other's hook.
    /// </summary>
    internal static AsyncLocal<Func<string, bool>?> PressAtForTests { get; } = new();

    /// <summary>Marks a point of a run where a test may press Ctrl+C (<see cref="PressAtForTests"/>); nothing otherwise.</summary>
    /// <param name="name">The point's name.</param>
    public void Point(string name)
    {
        if (PressAtForTests.Value?.Invoke(name) == true) _cts.Cancel();
    }

    /// <summary>Takes Ctrl+C over until disposed; with <paramref name="listen"/> false, Ctrl+C keeps its default (the token never fires).</summary>
    public static CtrlC Listen(bool listen = true) => new(listen);

    public void Dispose()
    {
        if (_handler is not null)
        {
            Console.CancelKeyPress -= _handler;
            Interlocked.Decrement(ref s_listening);
        }
        _cts.Dispose();
    }
}
