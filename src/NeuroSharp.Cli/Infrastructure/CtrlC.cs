using System.Runtime.InteropServices;

namespace NeuroSharp.Cli;

/// <summary>
/// While in scope, Ctrl+C does not kill the process but cancels <see cref="Token"/>, so a long run can
/// finish its current step, save a checkpoint and say how to resume. Dispose to restore Ctrl+C.
/// </summary>
/// <remarks>
/// One SIGINT handler serves every scope and a rank's Ctrl+C outside them (<see cref="OutsideAnyScope"/>), and decides
/// under one lock: a scope that is entering or leaving while the signal comes is either wholly in (its token is cancelled)
/// or wholly out, never half, which two handlers reacting to the one signal (the Console's and the rank's) could not
/// promise. A rank holds a Ctrl+C that comes outside every scope (<see cref="HoldOutside"/>): the next scope starts
/// cancelled, so the ranks of a job meet at their run's first agreement and stop together (docs/distributed.md, "Ctrl+C").
/// </remarks>
internal sealed class CtrlC : IDisposable
{
    private static readonly Lock s_lock = new();
    private static readonly List<CtrlC> s_scopes = [];
    private static PosixSignalRegistration? s_registration;
    private static Action? s_outside;
    private static bool s_everListened;
    private static bool s_holds = true;
    private static bool s_pressedOutside;
    private readonly CancellationTokenSource _cts = new();
    private readonly bool _listens;

    private CtrlC(bool listen)
    {
        if (!listen) return;
        _listens = true;
        lock (s_lock)
        {
            s_scopes.Add(this);
            s_everListened = true;
            s_registration ??= PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            if (s_pressedOutside) _cts.Cancel(); // pressed before this scope began: held for it
        }
    }

    /// <summary>Cancelled by Ctrl+C.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>True while some scope listens.</summary>
    public static bool Listening
    {
        get
        {
            lock (s_lock) return s_scopes.Count > 0;
        }
    }

    /// <summary>True once a scope has listened in this process (a run began).</summary>
    public static bool EverListened
    {
        get
        {
            lock (s_lock) return s_everListened;
        }
    }

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

    /// <summary>
    /// Takes Ctrl+C over for the rest of the process while no scope listens (a rank of an MPI job: Program), instead of the
    /// default end by the signal: it is held (<see cref="HoldOutside"/>) until the command is known, then for a command that
    /// listens, and otherwise ends the process through <paramref name="outside"/>. Called once, before anything else runs.
    /// </summary>
    /// <param name="outside">Ends the process (exit 130 with a sentence); runs on the signal's thread or in <see cref="HoldOutside"/>.</param>
    public static void OutsideAnyScope(Action outside)
    {
        lock (s_lock)
        {
            s_outside = outside;
            s_registration ??= PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        }
    }

    /// <summary>
    /// Whether a Ctrl+C outside every scope is held (true for a command whose run listens: simulate and evolve stop at their
    /// first step; a Ctrl+C after the run is let go, as the ranks are ending together) or ends the process (a command that
    /// never listens). A Ctrl+C held so far ends the process now when <paramref name="hold"/> is false. Nothing without
    /// <see cref="OutsideAnyScope"/>.
    /// </summary>
    /// <param name="hold">Hold it.</param>
    public static void HoldOutside(bool hold)
    {
        Action? outside;
        lock (s_lock)
        {
            s_holds = hold;
            outside = !hold && s_pressedOutside ? s_outside : null;
        }
        outside?.Invoke();
    }

    /// <summary>True when a Ctrl+C came outside every scope and was held.</summary>
    public static bool PressedOutside
    {
        get
        {
            lock (s_lock) return s_pressedOutside;
        }
    }

    private static void OnSignal(PosixSignalContext signal)
    {
        Action? outside;
        lock (s_lock)
        {
            if (s_scopes.Count > 0)
            {
                signal.Cancel = true;
                foreach (var scope in s_scopes) scope._cts.Cancel();
                return;
            }
            if (s_outside is null) return; // the default: the process ends by the signal
            signal.Cancel = true;
            s_pressedOutside = true;
            outside = s_holds ? null : s_outside;
        }
        outside?.Invoke();
    }

    public void Dispose()
    {
        if (_listens)
        {
            lock (s_lock) s_scopes.Remove(this);
        }
        _cts.Dispose();
    }
}
