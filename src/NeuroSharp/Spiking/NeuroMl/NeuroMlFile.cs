using NeuroSharp.Formats;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// NeuroML 2 network files (<c>.nml</c>): load into a <see cref="NetworkSpec"/> and save one. What is
/// supported, element by element, and how units convert: docs/neuroml.md.
/// </summary>
public static class NeuroMlFile
{
    /// <summary>True for a path NeuroSharp reads as NeuroML (<c>.nml</c>, e.g. <c>model.net.nml</c>).</summary>
    /// <param name="path">A file path.</param>
    /// <returns>Whether it ends in .nml.</returns>
    public static bool IsNeuroMl(string path) => path.EndsWith(".nml", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for an XML file whose root element is &lt;neuroml&gt;, whatever its name.</summary>
    /// <param name="path">A file path.</param>
    /// <returns>Whether it is a NeuroML 2 document.</returns>
    public static bool HasNeuroMlRoot(string path) => NeuroMlSource.RootOf(path) == "neuroml";

    /// <summary>Loads a NeuroML file (and the files it includes) as a validated network.</summary>
    /// <param name="path">The file.</param>
    /// <param name="budget">The memory limit for the parsed XML (default <see cref="MemoryBudget.Default"/>).</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidInputException">A file is missing, too big, not well-formed, uses an unsupported element or an invalid value; the message names the file, line, position and element path.</exception>
    public static NetworkSpec Load(string path, MemoryBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ReadValidated(NeuroMlSource.Load(path, budget ?? MemoryBudget.Default), path);
    }

    /// <summary>Reads NeuroML text (e.g. an upload to the studio) as a validated network; it may not include other files.</summary>
    /// <param name="text">The XML.</param>
    /// <param name="source">The name its messages give (e.g. the uploaded file's name).</param>
    /// <param name="budget">The memory limit for the parsed XML (default <see cref="MemoryBudget.Default"/>).</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidInputException">Too big, not well-formed, an include, an unsupported element or an invalid value; the message names the source, line, position and element path.</exception>
    public static NetworkSpec Parse(string text, string source, MemoryBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        return ReadValidated(NeuroMlSource.FromText(text, source, budget ?? MemoryBudget.Default), source);
    }

    /// <summary>
    /// Reads NeuroML text and the files it includes, all given as texts (e.g. several files uploaded to the studio together),
    /// as a validated network; an include's href, relative to the including file, must name one of <paramref name="included"/>.
    /// </summary>
    /// <param name="text">The main file's XML.</param>
    /// <param name="source">The main file's name (its messages give it; includes resolve relative to its folder).</param>
    /// <param name="included">The other files by relative path (e.g. <c>cell_B.xml</c>) and their text.</param>
    /// <param name="budget">The memory limit for the parsed XML (default <see cref="MemoryBudget.Default"/>).</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidInputException">Too big, not well-formed, an include that was not given or leaves their folder, an unsupported element or an invalid value; the message names the file, line, position and element path.</exception>
    public static NetworkSpec Parse(string text, string source, IReadOnlyDictionary<string, string> included, MemoryBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(included);
        return ReadValidated(NeuroMlSource.FromTexts(text, source, included, budget ?? MemoryBudget.Default), source);
    }

    private static NetworkSpec ReadValidated(NeuroMlSource source, string shown)
    {
        var spec = NeuroMlReader.Read(source);
        try
        {
            spec.Validate();
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{shown}: the network it describes is invalid: {e.Message}", e);
        }
        return spec;
    }

    /// <summary>The NeuroML text of a network.</summary>
    /// <param name="spec">The network.</param>
    /// <param name="seed">The build seed that draws random connections and weights, which NeuroML lists one by one.</param>
    /// <returns>The XML text.</returns>
    /// <exception cref="InvalidInputException">The network uses something NeuroML cannot express; the message names its JSON path.</exception>
    public static string ToText(NetworkSpec spec, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return NeuroMlWriter.ToText(NeuroMlWriter.Write(spec, seed));
    }

    /// <summary>Saves a network as NeuroML, atomically.</summary>
    /// <param name="path">The file.</param>
    /// <param name="spec">The network.</param>
    /// <param name="seed">The build seed for random connectivity.</param>
    public static void Save(string path, NetworkSpec spec, ulong seed = 1) => AtomicFile.WriteAllText(path, ToText(spec, seed));
}

/// <summary>
/// Network files by extension: <c>.nml</c> is NeuroML 2; a <c>.json</c> SONATA config (<see cref="Sonata.SonataFile.IsSonata"/>)
/// is read as SONATA, and a file named <c>*circuit_config.json</c> is written as SONATA; anything else is the project's JSON (<see cref="NetworkFile"/>).
/// </summary>
public static class NetworkFormats
{
    /// <summary>Loads a network file in the format its extension names.</summary>
    /// <param name="path">The file.</param>
    /// <param name="budget">The memory limit for parsing (NeuroML, SONATA).</param>
    /// <returns>The validated network.</returns>
    /// <remarks>
    /// A file that starts with '&lt;' is XML whatever its name: NeuroML 2 (root &lt;neuroml&gt;), or a LEMS simulation file (root
    /// &lt;Lems&gt;: its Simulation's network, with the run's step and length as dtMs and durationMs); another root is refused.
    /// </remarks>
    public static NetworkSpec Load(string path, MemoryBudget? budget = null)
    {
        string? root = NeuroMlSource.RootOf(path);
        if (root == "Lems") return LemsFile.Load(path, budget).Network;
        if (root is not null || NeuroMlFile.IsNeuroMl(path)) return NeuroMlFile.Load(path, budget);
        return Sonata.SonataFile.IsSonata(path) ? Sonata.SonataFile.Load(path, budget) : NetworkFile.Load(path);
    }

    /// <summary>Saves a network in the format its extension names.</summary>
    /// <param name="path">The file.</param>
    /// <param name="spec">The network.</param>
    /// <param name="seed">The build seed for random connectivity (NeuroML lists every synapse).</param>
    /// <exception cref="InvalidInputException">The path is an existing SONATA config (NeuroSharp writes SONATA only to a new <c>*circuit_config.json</c>), or the network has what the format cannot say.</exception>
    public static void Save(string path, NetworkSpec spec, ulong seed = 1)
    {
        if (Sonata.SonataFile.IsSonataOutput(path))
        {
            Sonata.SonataFile.Save(path, spec, seed);
            return;
        }
        if (Sonata.SonataFile.IsSonata(path))
            throw new InvalidInputException($"{path} is a SONATA config; NeuroSharp does not overwrite it (write a new .json or .nml, or a new *circuit_config.json for SONATA).");
        if (NeuroMlFile.IsNeuroMl(path)) NeuroMlFile.Save(path, spec, seed);
        else NetworkFile.Save(path, spec);
    }
}
