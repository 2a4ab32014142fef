using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>
/// How a network whose cells are named as in C. elegans (c302 and its NeuroML files: one population per cell, ASEL,
/// AVAL, DB1, MDL01, ...) drives the worm (docs/world-worm.md, "A C. elegans connectome as the network"). The real
/// worm crawls on its side, so its dorsal and ventral muscles become this 2-D worm's left and right ones. Sensor i
/// drives every cell of <see cref="SensorCells"/>[i] that the network has (current s x the task's input gain); a
/// motor command is the mean spike count over the cells of <see cref="MotorCells"/>[j] that it has.
/// </summary>
public static class WormConnectome
{
    /// <summary>
    /// The cells each sensor drives, in sensor order: smell -&gt; AWC (olfactory), smellRise -&gt; ASEL (the salt ON cell),
    /// smellFall -&gt; ASER (the OFF cell), touchHead -&gt; ALML, ALMR, AVM (anterior gentle touch), touchTail -&gt; PLML,
    /// PLMR (posterior touch), bendLeft -&gt; SMDDL, SMDDR and bendRight -&gt; SMDVL, SMDVR (the head's dorsal and ventral
    /// SMD neurons, which sense and set the head bend).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> SensorCells { get; } =
    [
        ["AWCL", "AWCR"],
        ["ASEL"],
        ["ASER"],
        ["ALML", "ALMR", "AVM"],
        ["PLML", "PLMR"],
        ["SMDDL", "SMDDR"],
        ["SMDVL", "SMDVR"],
    ];

    /// <summary>
    /// The cells whose spikes make each motor command: left = the dorsal head muscles MDL01..04 and MDR01..04, right =
    /// the ventral head muscles MVL01..04 and MVR01..04 (the world carries the head's command down the body), reverse =
    /// AVAL and AVAR (the command interneurons of backward crawling).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> MotorCells { get; } =
    [
        ["MDL01", "MDL02", "MDL03", "MDL04", "MDR01", "MDR02", "MDR03", "MDR04"],
        ["MVL01", "MVL02", "MVL03", "MVL04", "MVR01", "MVR02", "MVR03", "MVR04"],
        ["AVAL", "AVAR"],
    ];

    /// <summary>
    /// The head motor neurons that the connectome circuit's head oscillator drives (<see cref="WormConnectomeCircuit"/>):
    /// [0] the dorsal ones (SMDDL/R, RMDDL/R, SMBDL/R, URADL/R, which excite the dorsal head muscles in c302's connectome,
    /// and RMED, which inhibits the ventral ones), [1] their ventral counterparts (SMDVL/R, RMDVL/R, SMBVL/R, URAVL/R, RMEV).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> HeadMotorCells { get; } =
    [
        ["SMDDL", "SMDDR", "RMDDL", "RMDDR", "SMBDL", "SMBDR", "URADL", "URADR", "RMED"],
        ["SMDVL", "SMDVR", "RMDVL", "RMDVR", "SMBVL", "SMBVR", "URAVL", "URAVR", "RMEV"],
    ];

    /// <summary>Whether <paramref name="cell"/> names a body-wall muscle cell as c302 does: MDL01 .. MVR24 (M, dorsal or ventral, left or right, two digits; not the pharyngeal neurons M1 .. M5).</summary>
    /// <param name="cell">A cell (population) name.</param>
    /// <returns>True for a body-wall muscle.</returns>
    public static bool IsBodyWallMuscle(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Length == 5 && cell[0] == 'M' && cell[1] is 'D' or 'V' && cell[2] is 'L' or 'R' && char.IsAsciiDigit(cell[3]) && char.IsAsciiDigit(cell[4]);
    }

    /// <summary>The named cells of <paramref name="network"/> that the worm binds, or null if it has no muscle cell of either side.</summary>
    /// <param name="network">A network (e.g. read from a c302 NeuroML file).</param>
    /// <returns>Per sensor and per motor command, the population names present (possibly empty).</returns>
    public static NamedCellMap? Map(NetworkSpec network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var names = new HashSet<string>(network.Populations.Select(p => p.Name), StringComparer.Ordinal);
        IReadOnlyList<string>[] Present(IReadOnlyList<IReadOnlyList<string>> groups) => [.. groups.Select(g => (IReadOnlyList<string>)g.Where(names.Contains).ToArray())];
        var motors = Present(MotorCells);
        if (motors[0].Count == 0 && motors[1].Count == 0) return null;
        return new NamedCellMap(Present(SensorCells), motors);
    }
}
