namespace NeuroSharp.Spiking.Sonata;

/// <summary>
/// SONATA networks of point neurons (a JSON config naming nodes and edges in HDF5 with CSV type tables): load one as
/// a <see cref="NetworkSpec"/>. What maps to what, with the units: docs/sonata.md.
/// </summary>
public static class SonataFile
{
    /// <summary>
    /// True for a SONATA config: a <c>.json</c> file whose top-level object has no <c>format</c> field (the project's
    /// network files have one) and has <c>networks</c> (a circuit config) or <c>network</c> (a simulation config, or
    /// the top-level config.json that names both).
    /// </summary>
    /// <param name="path">A file path.</param>
    /// <returns>Whether NeuroSharp reads it as SONATA.</returns>
    public static bool IsSonata(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return SonataConfig.Is(path);
    }

    /// <summary>Loads a SONATA config, its node and edge files and its simulation inputs as a validated network.</summary>
    /// <param name="path">The circuit config, simulation config or config.json.</param>
    /// <param name="budget">The memory limit for the nodes and edges read (default <see cref="MemoryBudget.Default"/>).</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidInputException">A file is missing, malformed (the message names the file and the HDF5 path, CSV line or JSON field), too big, or uses what NeuroSharp does not simulate.</exception>
    public static NetworkSpec Load(string path, MemoryBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var config = SonataConfig.Load(path);
        var spec = SonataReader.Read(config, budget ?? MemoryBudget.Default);
        try
        {
            spec.Validate();
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{path}: the network it describes is invalid: {e.Message}", e);
        }
        return spec;
    }
}
