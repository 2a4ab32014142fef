using NeuroSharp.Studio.Clustering;
using NeuroSharp.Studio.Files;
using NeuroSharp.Studio.Live;

namespace NeuroSharp.Studio.Hosting;

/// <summary>What the endpoints share: the options, the workspace, the live simulations and clustering runs, the front end.</summary>
/// <param name="Options">The validated options.</param>
/// <param name="Workspace">The workspace folder.</param>
/// <param name="Simulations">The live simulations.</param>
/// <param name="Clustering">The meta-clustering runs.</param>
/// <param name="Assets">The embedded front end.</param>
/// <param name="Memory">The memory the live runs hold, counted against <see cref="StudioOptions.Memory"/>.</param>
internal sealed record StudioContext(StudioOptions Options, WorkspaceFolder Workspace, SimulationRegistry Simulations, ClusteringRegistry Clustering, StaticAssets Assets, RunMemory Memory)
{
    /// <summary>The port the server listens on (set once it started).</summary>
    public int Port { get; set; }

    /// <summary>The evolution runs of the evolution page.</summary>
    public Evolution.EvolutionRegistry Evolution { get; } = new(Memory, Options.IdleTimeout);

    /// <summary>Cancelled when the server stops: ends the WebSocket streams at once.</summary>
    public CancellationTokenSource Stopping { get; } = new();
}
