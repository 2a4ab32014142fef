using NeuroSharp.Data;

namespace NeuroSharp.Studio;

/// <summary>How the studio server runs: its port, its workspace folder and its limits.</summary>
public sealed record StudioOptions
{
    /// <summary>The default port of <c>neurosharp studio</c>.</summary>
    public const int DefaultPort = 5170;

    /// <summary>The TCP port on 127.0.0.1, in [0, 65535]; 0 picks a free port (default <see cref="DefaultPort"/>).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The folder that the studio may read and write network files in (default: the current directory).</summary>
    public string Workspace { get; init; } = ".";

    /// <summary>How a user raises the studio's limits, as its messages name them.</summary>
    public const string CommandName = "neurosharp studio";

    /// <summary>The largest request body accepted in bytes (an uploaded or saved network), at least 1 KiB (default 1 MiB; <c>--max-upload</c>).</summary>
    public long MaxUploadBytes { get; init; } = 1 << 20;

    /// <summary>The most frames per second streamed to each page, in [1, 120] (default 30). Frames are dropped, steps never.</summary>
    public double FrameRateHz { get; init; } = 30;

    /// <summary>The most live simulations at once (one per open editor page), at least 1 (default 16; <c>--max-simulations</c>).</summary>
    public int MaxSimulations { get; init; } = 16;

    /// <summary>The most spikes a live simulation keeps in its monitors (what its NWB export holds) before that record starts again from the current step, at least 1000 (default 4 000 000).</summary>
    public long MaxRecordedSpikes { get; init; } = 4_000_000;

    /// <summary>
    /// The memory the studio's live runs may hold together (simulations and meta-clustering runs, each
    /// estimated before it starts); default three quarters of the machine's memory (<c>--memory-limit</c>).
    /// </summary>
    public MemoryBudget Memory { get; init; } = new(MemoryBudget.Default.LimitBytes, $"`{CommandName} --memory-limit`");

    /// <summary>
    /// How long a run that no page watches lives without a request before it is stopped and forgotten,
    /// and how long a finished meta-clustering run whose result nobody read is kept; at least 10 ms
    /// (default 5 minutes; <c>--idle-timeout</c>).
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a simulation whose last page closed waits for that page to come back before it is stopped
    /// and forgotten (default 3 seconds; a page that reloads makes a new simulation anyway).
    /// </summary>
    public TimeSpan ClosedPageGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a simulation that no page has connected to yet is kept from being closed to make room
    /// for another (default 15 seconds): the page that created it is still connecting.
    /// </summary>
    public TimeSpan ConnectGrace { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// For tests only: how long a live simulation's stream waits after sending each frame, as the connection of a page
    /// that reads slowly does (default none). Frames then pile up on the server, and the page must still get every spike.
    /// </summary>
    internal TimeSpan FrameSendDelayForTests { get; init; }

    /// <summary>Where the meta-clustering page finds MNIST (null: the default cache, fetched on first use).</summary>
    public MnistRepository? Mnist { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(StudioOptions);
        if (Port is < 0 or > 65535) throw new InvalidOptionException(owner, nameof(Port), "must be in [0, 65535]", Port);
        if (string.IsNullOrWhiteSpace(Workspace)) throw new InvalidOptionException(owner, nameof(Workspace), "must name a folder", Workspace);
        if (MaxUploadBytes < 1024) throw new InvalidOptionException(owner, nameof(MaxUploadBytes), "must be at least 1024", MaxUploadBytes);
        if (!(FrameRateHz >= 1 && FrameRateHz <= 120)) throw new InvalidOptionException(owner, nameof(FrameRateHz), "must be in [1, 120]", FrameRateHz);
        if (MaxSimulations < 1) throw new InvalidOptionException(owner, nameof(MaxSimulations), "must be at least 1", MaxSimulations);
        ArgumentNullException.ThrowIfNull(Memory);
        if (!(IdleTimeout >= TimeSpan.FromMilliseconds(10))) throw new InvalidOptionException(owner, nameof(IdleTimeout), "must be at least 0.01 seconds", IdleTimeout.TotalSeconds);
        if (ClosedPageGrace < TimeSpan.Zero) throw new InvalidOptionException(owner, nameof(ClosedPageGrace), "must not be negative", ClosedPageGrace.TotalSeconds);
        if (ConnectGrace < TimeSpan.Zero) throw new InvalidOptionException(owner, nameof(ConnectGrace), "must not be negative", ConnectGrace.TotalSeconds);
        if (MaxRecordedSpikes < 1000) throw new InvalidOptionException(owner, nameof(MaxRecordedSpikes), "must be at least 1000", MaxRecordedSpikes);
    }
}
