using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>
/// A C. elegans connectome (a c302 NeuroML file: one conductance-LIF population per named cell) as the worm's nervous
/// system, with a handful of gains evolution may tune while the wiring stays the connectome's (docs/world-worm.md,
/// "Evolving gains on a connectome"). <see cref="Create"/> makes a <see cref="CircuitTemplate"/>: every synapse, gap
/// junction and cell of the file is kept (zero-weight synapses, which act on nothing, are dropped); only class-wise
/// scales, the sensor gains, a tonic drive, the muscle readout and a head oscillator are free. Cells with the same model are packed into one
/// population (in the file's order; the network's description lists the order), so the engine steps one population and
/// one projection per synapse class instead of thousands: the same equations, far fewer loops per step.
/// The world binds the packed network through two interface populations: <c>input</c> (7 sensor neurons, current LIF,
/// s x the task's input gain) whose spikes excite the sensory cells of <see cref="WormConnectome.SensorCells"/>, and
/// <c>output</c> (3 readout neurons, current LIF with 20 ms synapses) excited by the dorsal and ventral head muscle
/// cells and by AVA (<see cref="WormConnectome.MotorCells"/>). The head oscillator, which the connectome lacks (c302's
/// level A and B have no pacemaker, so a driven head fires its dorsal and ventral muscles together), is a pair of
/// alternating pulse trains (NeuroML pulseGenerators, one per half period): the dorsal head motor neurons of
/// <see cref="WormConnectome.HeadMotorCells"/> get the current during the first half of every period, the ventral ones
/// during the second.
/// </summary>
public static class WormConnectomeCircuit
{
    /// <summary>The shortest head oscillator period it builds, in ms (a shorter one is raised to this: each period adds two current inputs).</summary>
    public const double MinOscillatorPeriodMs = 200;

    /// <summary>The longest head oscillator period it builds, in ms.</summary>
    public const double MaxOscillatorPeriodMs = 5000;

    /// <summary>How long the head oscillator runs by default, in ms: one worm-klinotaxis trial (60 s).</summary>
    public const double DefaultOscillatorSpanMs = 60_000;

    /// <summary>The engine step of the networks it builds, in ms (a 20 ms world step is 20 steps; c302's cells have 30 ms membranes and 3/10 ms synapses).</summary>
    public const double DtMs = 1;

    /// <summary>Index of each free number in a genome (the gap-junction scale exists only when the connectome has gap junctions).</summary>
    public enum Parameter
    {
        /// <summary>Threshold of the 7 sensor neurons (mV; rest -70).</summary>
        SensorThreshold,
        /// <summary>smell -&gt; AWCL/R, in the target's leak-conductance units per spike.</summary>
        Smell,
        /// <summary>smellRise -&gt; ASEL and smellFall -&gt; ASER.</summary>
        SmellChange,
        /// <summary>touchHead -&gt; ALML/R, AVM and touchTail -&gt; PLML/R.</summary>
        Touch,
        /// <summary>bendLeft -&gt; SMDDL/R and bendRight -&gt; SMDVL/R (the side the head is bent to).</summary>
        BendSameSide,
        /// <summary>bendLeft -&gt; SMDVL/R and bendRight -&gt; SMDDL/R (the stretched side).</summary>
        BendOtherSide,
        /// <summary>Factor on every chemical synapse's weight.</summary>
        ChemicalScale,
        /// <summary>A further factor on the chemical synapses onto body-wall muscle cells (<see cref="WormConnectome.IsBodyWallMuscle"/>).</summary>
        MuscleScale,
        /// <summary>Constant current on every cell of the connectome (mV, I / g_L; c302's cells fire above 20).</summary>
        TonicDrive,
        /// <summary>Head muscle cell -&gt; left or right readout neuron weight (mV per spike).</summary>
        Readout,
        /// <summary>AVAL/R -&gt; reverse readout neuron weight (mV per spike).</summary>
        ReverseReadout,
        /// <summary>Period of the head oscillator (ms, kept within [<see cref="MinOscillatorPeriodMs"/>, <see cref="MaxOscillatorPeriodMs"/>]).</summary>
        OscillatorPeriod,
        /// <summary>Current of each head oscillator pulse on the head motor neurons of its side (mV, I / g_L).</summary>
        OscillatorAmplitude,
        /// <summary>Klinotaxis: smellRise -&gt; every head motor neuron of both sides, inhibitory (the side under its pulse answers).</summary>
        SteerRise,
        /// <summary>Klinotaxis: smellFall -&gt; every head motor neuron of both sides, excitatory (the side under its pulse answers).</summary>
        SteerFall,
        /// <summary>Klinotaxis: the delay of those steering synapses as a fraction of the oscillator period (kept within [0, 1]).</summary>
        SteerDelay,
        /// <summary>Factor on every gap junction's conductance (level B files).</summary>
        GapScale,
    }

    /// <summary>The free numbers; component k of a genome moves parameter k (start at genome 0).</summary>
    /// <param name="hasGapJunctions">Whether the connectome has gap junctions (adds <see cref="Parameter.GapScale"/>).</param>
    /// <returns>The parameters in <see cref="Parameter"/> order.</returns>
    public static IReadOnlyList<CircuitParameter> Parameters(bool hasGapJunctions)
    {
        // The start is a worm that crawls (measured on c302_A_Full, docs/world-worm.md): the network quiet but for the head
        // oscillator's cells and the head muscles, and sensory gains small enough not to set the whole connectome firing;
        // the sensory steps are wide, so the search can try gains many times larger or smaller.
        var p = new List<CircuitParameter>
        {
            new("sensor threshold (mV)", -66, 1, false),
            new("smell -> AWC weight", 0.05, 1, true),
            new("smell change -> ASEL/ASER weight", 0.05, 1, true),
            new("touch -> ALM, AVM, PLM weight", 0.05, 1, true),
            new("bend -> SMD of the bent side weight", 0.01, 1, true),
            new("bend -> SMD of the stretched side weight", 0.01, 1, true),
            new("chemical synapse scale", 1, 0.5, true),
            new("neuron -> muscle synapse scale (on top of the chemical scale)", 5, 0.5, true),
            new("tonic drive of every cell (mV)", 4, 0.3, true),
            new("head muscle -> left/right readout weight (mV)", 10, 0.4, true),
            new("AVA -> reverse readout weight (mV)", 5, 0.5, true),
            new("head oscillator period (ms)", 1000, 0.3, true),
            new("head oscillator pulse amplitude (mV)", 30, 0.3, true),
            new("klinotaxis: smell rise -> head motor neurons inhibitory weight", 0.05, 1, true),
            new("klinotaxis: smell fall -> head motor neurons excitatory weight", 0.05, 1, true),
            new("klinotaxis: steering delay (fraction of the period)", 0.4, 0.1, false),
        };
        if (hasGapJunctions) p.Add(new("gap junction scale", 1, 0.5, true));
        return p;
    }

    /// <summary>The template for a connectome.</summary>
    /// <param name="connectome">A network of named C. elegans cells (e.g. read from c302's <c>c302_A_Full.net.nml</c>).</param>
    /// <param name="name">The name of the networks it builds (default: the connectome's name + "-worm").</param>
    /// <param name="oscillatorSpanMs">How long the head oscillator's pulse train lasts, in ms (at least one trial: a network runs on unchanged, but undriven, after it).</param>
    /// <returns>The template (<c>evolve --network FILE</c> searches it).</returns>
    /// <exception cref="InvalidInputException">The network has no head muscle cells, or parts the packing cannot keep exactly.</exception>
    public static CircuitTemplate Create(NetworkSpec connectome, string? name = null, double oscillatorSpanMs = DefaultOscillatorSpanMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(oscillatorSpanMs, 0);
        var packed = PackedConnectome.Pack(connectome);
        string circuitName = name ?? $"{connectome.Name ?? "connectome"}-worm";
        return new CircuitTemplate(circuitName, Parameters(packed.HasGapJunctions), values => packed.Build(circuitName, values, oscillatorSpanMs));
    }
}
