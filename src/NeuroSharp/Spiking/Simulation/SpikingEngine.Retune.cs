namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Changes to what the network was built from that apply between steps without rebuilding it (the
/// studio's live edits): a population's model parameters (LIF, conductance LIF, Izhikevich, AdEx, GIF (kernels of the same
/// lengths) and Poisson sources), a current input's amplitude and a Poisson
/// input's rate. The state, the step count and the random streams go on; only what follows the change
/// differs. A change that would reshape the state (another model, an adaptive threshold appearing)
/// is refused, and the caller rebuilds.
/// </summary>
public sealed partial class SpikingEngine
{
    private readonly List<int> _inputSlot = [];
    private int _currentCount;

    /// <summary>
    /// True if <see cref="SetModel"/> can apply <paramref name="model"/> to this population in place (it is
    /// not tried); never on a device backend, which copied the model's constants when it was built.
    /// </summary>
    /// <param name="population">The population's name.</param>
    /// <param name="model">The new spec.</param>
    /// <returns>Whether the population's model type takes it without a rebuild.</returns>
    public bool CanSetModel(string population, NeuronModelSpec model) =>
        !RunsOnDevice && GroupOf(population) is { } g && g.Model.GetType() == model.GetType()
        && g is LifGroup or PoissonGroup or ConductanceLifGroup or IzhikevichGroup or AdExGroup or HodgkinHuxleyGroup or GifGroup
        && (g is not HodgkinHuxleyGroup hh || hh.CanRetune(model))
        && (model is not LifNeuronSpec lif || (lif.AdaptiveThreshold is null) == (((LifNeuronSpec)g.Model).AdaptiveThreshold is null))
        && (model is not ConductanceLifNeuronSpec c || CanRetune((ConductanceLifNeuronSpec)g.Model, c))
        && (model is not PoissonSourceSpec ps || ps.RatesHz is null || ps.RatesHz.Count == g.Count)
        && (model is not GifNeuronSpec gif || (gif.EtaTausMs.Count == ((GifNeuronSpec)g.Model).EtaTausMs.Count && gif.GammaTausMs.Count == ((GifNeuronSpec)g.Model).GammaTausMs.Count));

    /// <summary>
    /// Replaces a population's model parameters from the next step on, keeping its state: e.g. a LIF
    /// population's threshold, time constants or refractory period, or a Poisson source population's rates.
    /// The per-step constants are recomputed from the new spec; <see cref="Reset"/> keeps the new spec.
    /// </summary>
    /// <param name="population">The population's name.</param>
    /// <param name="model">The new spec, of the same model (validated here).</param>
    /// <exception cref="ArgumentException">No such population, an invalid spec, or a change this population cannot take in place (<see cref="CanSetModel"/>).</exception>
    public void SetModel(string population, NeuronModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var g = GroupOf(population) ?? throw new ArgumentException($"No population '{population}'.", nameof(population));
        try
        {
            model.Validate();
        }
        catch (InvalidInputException e)
        {
            throw new ArgumentException($"The new model of '{population}' is invalid: {e.Message}", nameof(model), e);
        }
        if (!CanSetModel(population, model) || !g.TryRetune(model))
            throw new ArgumentException($"Population '{population}' ({NeuronModels.NameOf(g.Model)}) cannot take this {NeuronModels.NameOf(model)} spec in place; rebuild the network.", nameof(model));
    }

    /// <summary>Sets the amplitude of a current input from the next step on (on in its steps [start, stop) as before).</summary>
    /// <param name="input">The input's index in <see cref="NetworkSpec.Inputs"/>; it must be a <see cref="CurrentInputSpec"/>.</param>
    /// <param name="amplitude">The new amplitude, finite, in the model's current unit.</param>
    public void SetCurrentAmplitude(int input, double amplitude)
    {
        if (InputAt(input) is not CurrentInputSpec) throw new ArgumentException($"Input {input} is not a current input.", nameof(input));
        if (!double.IsFinite(amplitude)) throw new ArgumentException($"The amplitude of input {input} must be finite (got {amplitude}).", nameof(amplitude));
        _currents.SetAmplitude(_inputSlot[input], amplitude, _step);
    }

    /// <summary>Sets the rate of each source of a Poisson input from the next step on; its random stream goes on.</summary>
    /// <param name="input">The input's index in <see cref="NetworkSpec.Inputs"/>; it must be a <see cref="PoissonInputSpec"/>.</param>
    /// <param name="rateHz">The new rate, finite and at least 0.</param>
    public void SetPoissonInputRate(int input, double rateHz)
    {
        if (InputAt(input) is not PoissonInputSpec) throw new ArgumentException($"Input {input} is not a Poisson input.", nameof(input));
        if (!(rateHz >= 0) || !double.IsFinite(rateHz)) throw new ArgumentException($"The rate of input {input} must be a finite number >= 0 (got {rateHz}).", nameof(rateHz));
        _drives[_inputSlot[input]].SetRate(rateHz, DtMs);
    }

    /// <summary>The synapses of a projection (the length <see cref="SetWeights"/> takes).</summary>
    /// <param name="projection">The projection's name (<see cref="ProjectionNames"/>).</param>
    /// <returns>Its synapse count.</returns>
    public int SynapseCountOf(string projection) => ProjectionOf(projection).SynapseCount;

    /// <summary>A conductance LIF takes new values in place unless the adaptive threshold appears or vanishes, a channel's rise time (or the decay of a channel that has one) changes, or its ports change in number or rise.</summary>
    private static bool CanRetune(ConductanceLifNeuronSpec old, ConductanceLifNeuronSpec edited) =>
        (old.AdaptiveThreshold is null) == (edited.AdaptiveThreshold is null)
        && old.RiseExcMs == edited.RiseExcMs && old.RiseInhMs == edited.RiseInhMs
        && (old.RiseExcMs <= 0 || old.TauExcMs == edited.TauExcMs) && (old.RiseInhMs <= 0 || old.TauInhMs == edited.TauInhMs)
        && SynapticPorts.SameShape(edited.Ports, old.Ports);

    private InputSpec InputAt(int input) =>
        (uint)input < (uint)Spec.Inputs.Count ? Spec.Inputs[input]
            : throw new ArgumentException($"No input {input} (the network has {Spec.Inputs.Count}).", nameof(input));
}
