namespace NeuroSharp.Spiking.Simulation;

/// <summary>What a factory gets to make a population of a model.</summary>
/// <param name="Name">The population's name (a single neuron's id).</param>
/// <param name="Index">Its index among the engine's populations.</param>
/// <param name="Count">Its neurons.</param>
/// <param name="Model">The model's spec (of the registered type).</param>
/// <param name="Initial">Initial value distributions by variable name, or null.</param>
/// <param name="DtMs">The step in ms.</param>
internal readonly record struct PopulationArgs(string Name, int Index, int Count, NeuronModelSpec Model,
    IReadOnlyDictionary<string, DistributionSpec>? Initial, double DtMs);

/// <summary>
/// The simulation side of the model registry (<see cref="NeuronModels.All"/> is the description side): for
/// each spec type, how the engine makes its population. Specs never reference the engine, so the factory
/// lives here, keyed by the spec's type (as Nengo's <c>Builder.register</c> keys build functions by neuron type).
/// </summary>
/// <remarks>
/// Transmitter neurons are not made one population each: all of a network's transmitter neurons share one
/// <see cref="TransmitterNetwork"/> (their links are its own), which <see cref="TransmitterPopulation"/> steps.
/// </remarks>
internal static class PopulationFactories
{
    private static readonly Dictionary<Type, Func<PopulationArgs, NeuronGroup>> Factories = new()
    {
        [typeof(LifNeuronSpec)] = a => new LifGroup(a.Name, a.Index, a.Count, (LifNeuronSpec)a.Model, a.Initial, a.DtMs),
        [typeof(ConductanceLifNeuronSpec)] = a => new ConductanceLifGroup(a.Name, a.Index, a.Count, (ConductanceLifNeuronSpec)a.Model, a.Initial, a.DtMs),
        [typeof(IzhikevichNeuronSpec)] = a => new IzhikevichGroup(a.Name, a.Index, a.Count, (IzhikevichNeuronSpec)a.Model, a.Initial, a.DtMs),
        [typeof(Izhikevich2007NeuronSpec)] = a => new Izhikevich2007Group(a.Name, a.Index, a.Count, (Izhikevich2007NeuronSpec)a.Model, a.Initial, a.DtMs),
        [typeof(AdExNeuronSpec)] = a => new AdExGroup(a.Name, a.Index, a.Count, (AdExNeuronSpec)a.Model, a.Initial, a.DtMs),
        [typeof(HodgkinHuxleyNeuronSpec)] = a => (HodgkinHuxleyNeuronSpec)a.Model is { Morphology: not null } cell
            ? new MultiCompartmentGroup(a.Name, a.Index, a.Count, cell, a.Initial, a.DtMs)
            : new HodgkinHuxleyGroup(a.Name, a.Index, a.Count, (HodgkinHuxleyNeuronSpec)a.Model, a.Initial, a.DtMs),
        [typeof(GlifNeuronSpec)] = a => new GlifGroup(a.Name, a.Index, a.Count, (GlifNeuronSpec)a.Model, a.Initial, a.DtMs),
        [typeof(GifNeuronSpec)] = a => new GifGroup(a.Name, a.Index, a.Count, (GifNeuronSpec)a.Model, a.Initial, a.DtMs),
        [typeof(PoissonSourceSpec)] = a => new PoissonGroup(a.Name, a.Index, a.Count, (PoissonSourceSpec)a.Model, a.DtMs),
        [typeof(SpikeTimesSourceSpec)] = a => new SpikeTimesGroup(a.Name, a.Index, a.Count, (SpikeTimesSourceSpec)a.Model, a.DtMs),
        [typeof(RandomIntervalSourceSpec)] = a => new RandomIntervalGroup(a.Name, a.Index, a.Count, (RandomIntervalSourceSpec)a.Model, a.DtMs),
        [typeof(EquationsNeuronSpec)] = a => new EquationsGroup(a.Name, a.Index, a.Count, (EquationsNeuronSpec)a.Model, a.Initial, a.DtMs),
    };

    /// <summary>Makes the population of a model.</summary>
    /// <param name="args">Its name, size, model and step.</param>
    /// <returns>The population.</returns>
    /// <exception cref="InvalidInputException">No factory is registered for the model's type.</exception>
    public static NeuronGroup Create(PopulationArgs args) =>
        Factories.TryGetValue(args.Model.GetType(), out var create) ? create(args)
            : throw new InvalidInputException($"Model {args.Model.GetType().Name} cannot be simulated as a population.");

    /// <summary>True if a model of this type is made by a factory here (every spec type but the transmitter neuron's).</summary>
    /// <param name="specType">A spec type.</param>
    /// <returns>Whether it is registered.</returns>
    public static bool IsRegistered(Type specType) => Factories.ContainsKey(specType);
}
