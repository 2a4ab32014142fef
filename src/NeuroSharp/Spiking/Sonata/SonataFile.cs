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
    public static NetworkSpec Load(string path, MemoryBudget? budget = null) => Load(path, budget, warning: null);

    /// <summary>
    /// Loads a SONATA config as <see cref="Load(string, MemoryBudget?)"/> does, telling <paramref name="warning"/> of each
    /// type table column a small edit from one NeuroSharp reads (SONATA allows extra columns, so a misspelt
    /// <c>dynamics_params</c> is kept as an attribute and its types run on their defaults); where the caller sets the run's
    /// length itself, run.tstop is not read (a bad one is not refused) and the network has no <see cref="NetworkSpec.DurationMs"/>.
    /// </summary>
    /// <param name="path">The circuit config, simulation config or config.json.</param>
    /// <param name="budget">The memory limit for the nodes and edges read (default <see cref="MemoryBudget.Default"/>).</param>
    /// <param name="warning">Hears one sentence per misspelt-looking column, naming the file, the column and the known name; null to ignore them.</param>
    /// <param name="runLengthGiven">True when the run's length comes from elsewhere (the CLI's --duration-ms or --steps).</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidInputException">As <see cref="Load(string, MemoryBudget?)"/>.</exception>
    public static NetworkSpec Load(string path, MemoryBudget? budget, Action<string>? warning, bool runLengthGiven = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        var config = SonataConfig.Load(path, runLengthGiven);
        var spec = SonataReader.Read(config, budget ?? MemoryBudget.Default, warning);
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

    /// <summary>True for a path NeuroSharp writes as SONATA: a file name ending in <c>circuit_config.json</c>.</summary>
    /// <param name="path">A file path.</param>
    /// <returns>Whether <see cref="NeuroMl.NetworkFormats.Save"/> writes SONATA there.</returns>
    public static bool IsSonataOutput(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetFileName(path).EndsWith("circuit_config.json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Writes a network as a SONATA circuit for NEST next to the config: network/nodes.h5, node_types.csv, edges.h5,
    /// edge_types.csv, components/ (dynamics_params), inputs/spikes.h5, and the config with run and inputs. docs/sonata.md.
    /// </summary>
    /// <param name="path">The new circuit config (it must not exist).</param>
    /// <param name="spec">The network.</param>
    /// <param name="seed">The build seed that draws random connections and weights, which SONATA lists one by one.</param>
    /// <param name="budget">The memory limit for the listed synapses (default <see cref="MemoryBudget.Default"/>).</param>
    /// <exception cref="InvalidInputException">The config exists, or the network has what SONATA for NEST cannot say (the message names its JSON path).</exception>
    public static void Save(string path, NetworkSpec spec, ulong seed = 1, MemoryBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        SonataWriter.Write(path, spec, seed, budget ?? MemoryBudget.Default);
    }
}
