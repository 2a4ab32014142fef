namespace NeuroSharp.Studio.Live;

/// <summary>Where a live simulation stands (the body of <c>GET /api/simulations/ID</c> and of command replies).</summary>
/// <param name="Id">The simulation's id.</param>
/// <param name="Name">The network's name, or null.</param>
/// <param name="Step">Steps taken since the build or the last reset.</param>
/// <param name="TimeMs">Simulated time in ms.</param>
/// <param name="Running">True while it runs.</param>
/// <param name="StepsPerSecond">The speed asked for.</param>
/// <param name="ActualStepsPerSecond">The speed reached over the last second.</param>
/// <param name="Clients">Pages connected to its stream.</param>
/// <param name="Notice">Why it stopped by itself (an engine error, a full spike record), or null.</param>
public sealed record SimulationStatus(string Id, string? Name, long Step, double TimeMs, bool Running, double StepsPerSecond, double ActualStepsPerSecond, int Clients, string? Notice);
