namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>
/// The worm's body and its medium (docs/world-worm.md): a chain of point nodes joined by axial springs,
/// bent at each interior node by a left and a right muscle, moving through an anisotropic drag
/// (overdamped, as a nematode on agar). Lengths in mm, time in s, forces in drag units (mm/s x drag).
/// </summary>
public sealed record WormBodyOptions
{
    /// <summary>Nodes of the chain, head first (at least 4): Nodes - 1 segments, Nodes - 2 bending joints.</summary>
    public int Nodes { get; init; } = 10;

    /// <summary>Rest length of one segment in mm.</summary>
    public double SegmentLength { get; init; } = 0.1;

    /// <summary>Body radius in mm: how close a node may come to a wall or obstacle.</summary>
    public double BodyRadius { get; init; } = 0.03;

    /// <summary>k_s, axial spring constant (force per mm of stretch).</summary>
    public double AxialStiffness { get; init; } = 200;

    /// <summary>k_b, bending spring constant (force per mm of offset from the muscles' preferred shape).</summary>
    public double BendStiffness { get; init; } = 200;

    /// <summary>c_t, drag coefficient along the body (force per mm/s).</summary>
    public double TangentialDrag { get; init; } = 1;

    /// <summary>c_n, drag coefficient across the body; c_n &gt; c_t is what turns undulation into forward motion.</summary>
    public double NormalDrag { get; init; } = 30;

    /// <summary>phi_max, the bend of one joint in radians at full one-sided activation.</summary>
    public double MaxBend { get; init; } = 1.0;

    /// <summary>Integration step in s (explicit Euler of the overdamped equations).</summary>
    public double TimeStep { get; init; } = 0.001;

    /// <summary>Integration steps per world step (the control step is TimeStep x Substeps).</summary>
    public int Substeps { get; init; } = 20;

    /// <summary>World steps by which each joint lags the one before it (the travelling wave's delay line).</summary>
    public int WaveDelaySteps { get; init; } = 6;

    /// <summary>The body length in mm: (Nodes - 1) x SegmentLength.</summary>
    public double BodyLength => (Nodes - 1) * SegmentLength;

    /// <summary>The control step in s.</summary>
    public double WorldStep => TimeStep * Substeps;

    /// <summary>Rejects a value out of range with one sentence naming it.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(WormBodyOptions);
        OptionChecks.AtLeast(owner, nameof(Nodes), Nodes, 4);
        if (Nodes > 256) throw new InvalidOptionException(owner, nameof(Nodes), "must be at most 256", Nodes);
        OptionChecks.InHalfOpen(owner, nameof(SegmentLength), SegmentLength, 0, 100);
        OptionChecks.InHalfOpen(owner, nameof(BodyRadius), BodyRadius, 0, SegmentLength);
        OptionChecks.InHalfOpen(owner, nameof(AxialStiffness), AxialStiffness, 0, 1e9);
        OptionChecks.InHalfOpen(owner, nameof(BendStiffness), BendStiffness, 0, 1e9);
        OptionChecks.InHalfOpen(owner, nameof(TangentialDrag), TangentialDrag, 0, 1e9);
        OptionChecks.InHalfOpen(owner, nameof(NormalDrag), NormalDrag, 0, 1e9);
        OptionChecks.InHalfOpen(owner, nameof(MaxBend), MaxBend, 0, Math.PI / 2);
        OptionChecks.InHalfOpen(owner, nameof(TimeStep), TimeStep, 0, 1);
        OptionChecks.AtLeast(owner, nameof(Substeps), Substeps, 1);
        OptionChecks.AtLeast(owner, nameof(WaveDelaySteps), WaveDelaySteps, 0);
        // Explicit Euler of dx/dt = F / c: a bending force moves three nodes, so k dt / c must stay well below
        // 1/2; 0.25 keeps a margin (0.45 already breaks the body up).
        double stiff = Math.Max(AxialStiffness, BendStiffness) * TimeStep / Math.Min(TangentialDrag, NormalDrag);
        if (stiff > 0.25)
            throw new InvalidOptionException(owner, nameof(TimeStep),
                $"must keep max(stiffness) x TimeStep / min(drag) at most 0.25 for a stable integration (it is {stiff:G3})", TimeStep);
    }
}
