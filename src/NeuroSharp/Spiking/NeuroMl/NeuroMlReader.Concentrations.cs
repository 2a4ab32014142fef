using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// NeuroML's calcium pools and the channels that read them (docs/neuroml.md, "Ion concentrations"): a cell's &lt;species ion="ca"&gt;
/// with a decayingPoolConcentrationModel, fixedFactorConcentrationModel or fixedFactorConcentrationModelTraub (or a
/// &lt;concentrationModel type="..."&gt; of these) becomes a <see cref="ConcentrationPoolSpec"/>; channelDensityNernst,
/// channelDensityGHK and channelDensityGHK2 become channels with a Nernst or GHK reversal; every channel with ion="ca" feeds the pool,
/// as Cells.xml's iCa sums them.
/// </summary>
internal sealed partial class NeuroMlReader
{
    private const string ConcentrationModelKinds = "decayingPoolConcentrationModel, fixedFactorConcentrationModel, fixedFactorConcentrationModelTraub";

    /// <summary>The concentration models of the loaded files by id, read when a cell's species names one.</summary>
    private readonly Dictionary<string, (string File, XElement Element)> _concentrationModels = new(StringComparer.Ordinal);

    /// <summary>
    /// A species: its ion (NeuroML's pools are fed by iCa, so only "ca"), initial and external concentrations, and its model, on
    /// the membrane area of the cell's one segment.
    /// </summary>
    private ConcentrationPoolSpec Species(XElement x, HashSet<string> groups, string segmentId, double areaUm2)
    {
        CheckGroup(x, groups, "segmentGroup", segmentId);
        return SpeciesPool(x, areaUm2);
    }

    /// <summary>A species' pool on a membrane of <paramref name="areaUm2"/> (its segment group is the caller's to check).</summary>
    private ConcentrationPoolSpec SpeciesPool(XElement x, double areaUm2)
    {
        string ion = (string?)x.Attribute("ion") ?? Text(x, "id");
        if (ion != "ca")
            throw Fail(x, $"@ion is '{ion}'; NeuroSharp simulates calcium pools (ion=\"ca\"), which NeuroML's concentration models feed from the cell's calcium current iCa.");
        string model = Text(x, "concentrationModel");
        if (!_concentrationModels.TryGetValue(model, out var found))
        {
            throw Fail(x, _components.TryGetValue(model, out var other)
                ? $"@concentrationModel is '{model}', a <{other.Element.Name.LocalName}>, not a concentration model ({ConcentrationModelKinds})."
                : $"@concentrationModel is '{model}', which no loaded file defines.");
        }
        double initial = NonNegative(x, "initialConcentration", NeuroMlDimension.Concentration);
        double external = NonNegative(x, "initialExtConcentration", NeuroMlDimension.Concentration);
        string file = _file;
        _file = found.File;
        try
        {
            return ConcentrationModelOf(found.Element, areaUm2) with { Ion = ion, InitialMm = initial, ExternalMm = external };
        }
        finally
        {
            _file = file;
        }
    }

    /// <summary>A concentration model's parameters (rest, decay, shell or rho) as a pool on <paramref name="areaUm2"/>.</summary>
    private ConcentrationPoolSpec ConcentrationModelOf(XElement e, double areaUm2)
    {
        string kind = e.Name.LocalName == "concentrationModel"
            ? (string?)e.Attribute("type") ?? throw Fail(e, $"has no type; a <concentrationModel> names its kind ({ConcentrationModelKinds}).")
            : e.Name.LocalName;
        double resting = NonNegative(e, "restingConc", NeuroMlDimension.Concentration);
        var pool = kind switch
        {
            "decayingPoolConcentrationModel" => new ConcentrationPoolSpec
            {
                Model = ConcentrationModel.DecayingPool, DecayMs = Positive(e, "decayConstant"), ShellThicknessUm = Positive(e, "shellThickness", NeuroMlDimension.Length),
            },
            "fixedFactorConcentrationModel" => new ConcentrationPoolSpec
            {
                Model = ConcentrationModel.FixedFactor, DecayMs = Positive(e, "decayConstant"), Rho = NonNegative(e, "rho", NeuroMlDimension.RhoFactor),
            },
            // dC/dt = (iCa / A) 1e-9 phi - (C - C_rest) beta: a fixed factor with rho = 1e-9 phi and tau = 1 / beta.
            "fixedFactorConcentrationModelTraub" => new ConcentrationPoolSpec
            {
                Model = ConcentrationModel.FixedFactor, DecayMs = 1 / Positive(e, "beta", NeuroMlDimension.PerTime), Rho = 1e-9 * NonNegative(e, "phi", NeuroMlDimension.RhoFactor),
            },
            _ => throw Fail(e, $"has type '{kind}'{(_componentTypes.ContainsKey(kind) ? " (a LEMS ComponentType)" : "")}, which NeuroSharp does not simulate; a concentration model is one of {ConcentrationModelKinds} (docs/neuroml.md)."),
        };
        pool = pool with { RestingMm = resting, AreaUm2 = areaUm2 };
        if (pool.Model == ConcentrationModel.DecayingPool && pool.ShellThicknessUm > Math.Sqrt(areaUm2 / (4 * ConcentrationPoolSpec.LemsPi)))
            throw Fail(e, $"@shellThickness is '{(string?)e.Attribute("shellThickness")}', more than the radius of a sphere of the cell's area ({areaUm2:G4} um^2), so the shell has no volume.");
        return pool;
    }

    /// <summary>channelDensityNernst, channelDensityGHK or channelDensityGHK2 of a cell with area <paramref name="areaUm2"/>: a calcium channel.</summary>
    private IonChannelSpec ConcentrationChannel(XElement x, string name, double areaUm2)
    {
        var channel = ChannelOf(x);
        if ((string?)x.Attribute("ion") is { } ion && ion != "ca")
            throw Fail(x, $"@ion is '{ion}'; NeuroML's {name} computes a calcium current from caConc and caConcExt (ion=\"ca\").");
        if (x.Attribute("erev") is not null) throw Fail(x, $"has an erev; a {name}'s current comes from the calcium concentrations, not a fixed reversal.");
        RequireTemperature(x, name);
        double scale = Q10Factor(channel.Scaling);
        FixedScaling(channel.Scaling);
        var gates = channel.Gates.Select(g => g.ToGate(Q10Factor(g.Q10), Q10Base(g.Q10))).ToList();
        if (name == "channelDensityGHK")
        {
            // P (m/s) x A (um^2) = 1e6 P A um^3/s.
            double permeability = NonNegative(x, "permeability", NeuroMlDimension.Permeability);
            return new IonChannelSpec(Id(x), 0, 0, gates) { Ion = "ca", Reversal = ReversalKind.Ghk, PermeabilityUm3PerS = permeability * 1e6 * areaUm2 * scale };
        }
        double density = NonNegative(x, "condDensity", NeuroMlDimension.ConductanceDensity);
        return new IonChannelSpec(Id(x), density * areaUm2 / 1000 * scale, 0, gates)
        {
            Ion = "ca", Reversal = name == "channelDensityNernst" ? ReversalKind.Nernst : ReversalKind.Ghk2,
        };
    }

    /// <summary>A Nernst or GHK channel needs the network's temperature (networkWithTemperature), as Cells.xml requires it.</summary>
    private void RequireTemperature(XElement x, string name)
    {
        if (_temperature is { Kelvin: not null }) return;
        string network = _temperature is { } n ? $"network '{(string?)n.Network.Attribute("id")}' gives none" : "the file's network gives none";
        throw Fail(x, $"is a {name}, whose current depends on the temperature, but {network}; write <network type=\"networkWithTemperature\" temperature=\"6.3 degC\"> as NeuroML does.");
    }

    /// <summary>
    /// The cell's channels with ion="ca" carry the ion when the cell has a calcium pool (their current feeds it); a Nernst or GHK
    /// channel without one is refused at its element.
    /// </summary>
    private List<IonChannelSpec> WithIons(List<IonChannelSpec> channels, List<(XElement Element, string? Ion)> sources, IReadOnlyList<ConcentrationPoolSpec> pools)
    {
        var result = new List<IonChannelSpec>(channels.Count);
        for (int k = 0; k < channels.Count; k++)
        {
            var c = channels[k];
            bool pooled = sources[k].Ion is { } ion && pools.Any(p => p.Ion == ion);
            if (c.Reversal != ReversalKind.Fixed && !pooled)
            {
                string name = sources[k].Element.Name.LocalName;
                throw Fail(sources[k].Element, $"is a {name}, which reads the calcium concentrations, but the cell has no <species ion=\"ca\"> with a concentration model in its intracellularProperties.");
            }
            result.Add(pooled ? c with { Ion = sources[k].Ion } : c with { Ion = null });
        }
        return result;
    }

    /// <summary>The network's temperature in degC, or the hh model's default where it gives none (then no channel uses it).</summary>
    private double TemperatureCelsius => _temperature is { Kelvin: { } k } ? k - 273.15 : new HodgkinHuxleyNeuronSpec().TemperatureCelsius;
}
