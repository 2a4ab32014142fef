using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// hh populations as NeuroML <c>cell</c>s (docs/neuroml.md, "What is written"): a point cell as one cylindrical segment whose
/// area the reader computes exactly (diameter d with d x 3.14159265 = 1 and length A, so that jLEMS's area 2 r pi L is A), its
/// channels as channelPopulations of one channel of the engine's conductance (exact), or channelDensityNernst/GHK/GHK2 on the
/// area, its calcium pool as a species with a concentration model; a cell with a morphology as its segments, groups and densities.
/// Every number that the reader multiplies or divides is written as a number whose product comes back as the engine's double
/// (<see cref="Preimage"/>).
/// </summary>
internal static partial class NeuroMlWriter
{
    /// <summary>The area of a point cell without a pool (um^2): any area works, this one is typical of a soma.</summary>
    private const double PointAreaUm2 = 1000;

    /// <summary>The diameter d (um) with d x jLEMS's pi = 1 exactly, so that a cylinder of length L has area L.</summary>
    private static readonly double UnitPerimeterDiameter = Preimage(1, d => d * NeuroMlReader.LemsPi, 1 / NeuroMlReader.LemsPi)
        ?? 1 / NeuroMlReader.LemsPi;

    /// <summary>
    /// A double x with f(x) == target exactly, searched from <paramref name="guess"/> over its 256 nearest doubles on each side; null
    /// where none gives it.
    /// </summary>
    internal static double? Preimage(double target, Func<double, double> f, double guess)
    {
        if (!double.IsFinite(guess)) return null;
        if (f(guess) == target) return guess;
        double up = guess, down = guess;
        for (int k = 0; k < 256; k++)
        {
            up = Math.BitIncrement(up);
            if (f(up) == target) return up;
            down = Math.BitDecrement(down);
            if (f(down) == target) return down;
        }
        return null;
    }

    /// <summary>
    /// The number to write for <paramref name="target"/>: its preimage where one exists (every value read from NeuroML has one), else
    /// <paramref name="guess"/>, which the reader's arithmetic brings back within an ulp or two (docs/neuroml.md, "What is written").
    /// </summary>
    private static double Exact(double target, Func<double, double> f, double guess) => Preimage(target, f, guess) ?? guess;

    /// <summary>The cell of an hh population and the components it names (ion channels, a concentration model), in document order.</summary>
    private static IEnumerable<XElement> ConductanceCell(PopulationSpec p, HodgkinHuxleyNeuronSpec m, string id, string path)
    {
        if (p.Initial is { Count: > 0 })
            throw new InvalidInputException($"{path}.initial: NeuroML's cell starts at its initMembPotential with every gate at its steady state; give the hh model's initialMv and no \"initial\" to export population '{p.Name}'.");
        if (m.RefractoryMs != 0)
            throw new InvalidInputException($"{path}.params.refractoryMs is {Number(m.RefractoryMs)}; NeuroML's cell tests its spikeThresh at every step (no refractory period); set it to 0 to export.");
        if (m.Morphology is not null) return MultiCompartmentCell(p, m, id, path);
        var pool = Pool(m, path);
        double area = pool?.AreaUm2 ?? PointAreaUm2;
        var components = new List<XElement>();
        var membrane = new XElement(Ns + "membraneProperties");
        for (int k = 0; k < m.Channels.Count; k++)
        {
            var c = m.Channels[k];
            string at = $"{path}.params.channels[{k}]";
            string channelId = NmlId($"{id}_{c.Name}");
            if (NmlId(c.Name) != c.Name)
                throw new InvalidInputException($"{at}.name: '{c.Name}' is not a NeuroML id (letters, digits and underscores, not starting with a digit); rename the channel to export.");
            components.AddRange(IonChannel(c, channelId, at, withConductance: c.Reversal == ReversalKind.Fixed));
            var ion = c.Ion is { } name ? new XAttribute("ion", name) : null;
            switch (c.Reversal)
            {
                case ReversalKind.Fixed:
                    membrane.Add(new XElement(Ns + "channelPopulation", new XAttribute("id", c.Name), new XAttribute("ionChannel", channelId), new XAttribute("number", 1),
                        new XAttribute("erev", NeuroMlUnits.Format(c.ReversalMv, NeuroMlDimension.Voltage)), ion ?? new XAttribute("ion", "non_specific")));
                    break;
                case ReversalKind.Ghk:
                {
                    double permeability = Exact(c.PermeabilityUm3PerS, x => x * 1e6 * area * 1, c.PermeabilityUm3PerS / 1e6 / area);
                    membrane.Add(new XElement(Ns + "channelDensityGHK", new XAttribute("id", c.Name), new XAttribute("ionChannel", channelId),
                        new XAttribute("permeability", NeuroMlUnits.Format(permeability, NeuroMlDimension.Permeability)), new XAttribute("ion", "ca")));
                    break;
                }
                default:
                {
                    double density = Exact(c.ConductanceNs, x => x * area / 1000 * 1, c.ConductanceNs * 1000 / area);
                    membrane.Add(new XElement(Ns + (c.Reversal == ReversalKind.Nernst ? "channelDensityNernst" : "channelDensityGHK2"), new XAttribute("id", c.Name),
                        new XAttribute("ionChannel", channelId), new XAttribute("condDensity", NeuroMlUnits.Format(density, NeuroMlDimension.ConductanceDensity)), new XAttribute("ion", "ca")));
                    break;
                }
            }
        }
        // The XSD's order: channelPopulation, channelDensity (not written here), channelDensityNernst, channelDensityGHK, channelDensityGHK2.
        var channelElements = membrane.Elements().OrderBy(e => Array.IndexOf(new[] { "channelPopulation", "channelDensityNernst", "channelDensityGHK", "channelDensityGHK2" }, e.Name.LocalName)).ToList();
        membrane.RemoveNodes();
        membrane.Add(channelElements);
        membrane.Add(new XElement(Ns + "spikeThresh", new XAttribute("value", NeuroMlUnits.Format(m.SpikeThresholdMv, NeuroMlDimension.Voltage))));
        double specific = Exact(m.CapacitancePf, x => x * area, m.CapacitancePf / area);
        membrane.Add(new XElement(Ns + "specificCapacitance", new XAttribute("value", NeuroMlUnits.Format(specific, NeuroMlDimension.SpecificCapacitance))));
        membrane.Add(new XElement(Ns + "initMembPotential", new XAttribute("value", NeuroMlUnits.Format(m.InitialMv, NeuroMlDimension.Voltage))));
        var biophysics = new XElement(Ns + "biophysicalProperties", new XAttribute("id", id + "_biophys"), membrane);
        if (pool is not null)
        {
            string model = NmlId($"{id}_{pool.Ion}_pool");
            components.Add(ConcentrationModel(pool, model, area, $"{path}.params.concentrations[0]"));
            biophysics.Add(new XElement(Ns + "intracellularProperties", Species(pool, model)));
        }
        // One cylinder of diameter d (d pi = 1) and length A: jLEMS's area 2 r pi L is A exactly.
        var morphology = new XElement(Ns + "morphology", new XAttribute("id", id + "_morphology"),
            new XElement(Ns + "segment", new XAttribute("id", 0), new XAttribute("name", "soma"),
                Point("proximal", 0, UnitPerimeterDiameter), Point("distal", area, UnitPerimeterDiameter)),
            new XElement(Ns + "segmentGroup", new XAttribute("id", "soma_group"), new XElement(Ns + "member", new XAttribute("segment", 0))));
        components.Add(new XElement(Ns + "cell", new XAttribute("id", id),
            new XElement(Ns + "notes", $"A point cell of area {Number(area)} um^2 (a cylinder of length {Number(area)} um whose circumference is 1 um), so that every number comes back exactly."),
            morphology, biophysics));
        return components;
    }

    private static XElement Point(string name, double x, double diameter) => new(Ns + name,
        new XAttribute("x", Number(x)), new XAttribute("y", 0), new XAttribute("z", 0), new XAttribute("diameter", Number(diameter)));

    /// <summary>The cell's calcium pool (NeuroML's cell has one, of calcium, fed by iCa); null where it has none.</summary>
    private static ConcentrationPoolSpec? Pool(HodgkinHuxleyNeuronSpec m, string path)
    {
        if (m.Concentrations.Count == 0) return null;
        if (m.Concentrations.Count > 1)
            throw new InvalidInputException($"{path}.params.concentrations has {m.Concentrations.Count} pools; NeuroML's cell as NeuroSharp reads it has one calcium pool (remove the others to export).");
        var pool = m.Concentrations[0];
        if (pool.Ion != "ca" || pool.Valence != 2)
            throw new InvalidInputException($"{path}.params.concentrations[0] is a pool of ion '{pool.Ion}' (valence {pool.Valence}); NeuroML's concentration models are fed by the calcium current iCa (ion \"ca\", valence 2).");
        return pool;
    }

    private static XElement Species(ConcentrationPoolSpec pool, string model) => new(Ns + "species", new XAttribute("id", pool.Ion), new XAttribute("ion", pool.Ion),
        new XAttribute("concentrationModel", model),
        new XAttribute("initialConcentration", NeuroMlUnits.Format(pool.InitialMm, NeuroMlDimension.Concentration)),
        new XAttribute("initialExtConcentration", NeuroMlUnits.Format(pool.ExternalMm, NeuroMlDimension.Concentration)));

    private static XElement ConcentrationModel(ConcentrationPoolSpec pool, string id, double area, string path)
    {
        if (pool.AreaUm2 != area)
            throw new InvalidInputException($"{path}.areaUm2 is {Number(pool.AreaUm2)}; NeuroML's pool takes the area of the cell's segment ({Number(area)} um^2).");
        var common = new object[] { new XAttribute("id", id), new XAttribute("ion", pool.Ion),
            new XAttribute("restingConc", NeuroMlUnits.Format(pool.RestingMm, NeuroMlDimension.Concentration)),
            new XAttribute("decayConstant", NeuroMlUnits.Format(pool.DecayMs, NeuroMlDimension.Time)) };
        return pool.Model == Spiking.ConcentrationModel.DecayingPool
            ? new XElement(Ns + "decayingPoolConcentrationModel", common, new XAttribute("shellThickness", NeuroMlUnits.Format(pool.ShellThicknessUm, NeuroMlDimension.Length)))
            : new XElement(Ns + "fixedFactorConcentrationModel", common, new XAttribute("rho", NeuroMlUnits.Format(pool.Rho, NeuroMlDimension.RhoFactor)));
    }

    /// <summary>The network's temperature (networkWithTemperature) where an hh population has a pool: their common temperature in degC.</summary>
    private static double? NetworkTemperature(NetworkSpec spec)
    {
        double? celsius = null;
        for (int i = 0; i < spec.Populations.Count; i++)
        {
            if (spec.Populations[i].Model is not HodgkinHuxleyNeuronSpec m || m.Pools.Count == 0) continue; // a morphology's pools too
            if (celsius is { } t && t != m.TemperatureCelsius)
                throw new InvalidInputException($"$.populations[{i}].params.temperatureCelsius is {Number(m.TemperatureCelsius)}, where another population with a pool has {Number(t)}; a NeuroML network has one temperature.");
            celsius = m.TemperatureCelsius;
        }
        // Without a network temperature the reader gives pools the hh default (6.3 degC), exactly; only Nernst and GHK channels need one.
        bool needed = spec.Populations.Any(p => p.Model is HodgkinHuxleyNeuronSpec h && h.Channels.Any(c => c.Reversal != ReversalKind.Fixed));
        return celsius == new HodgkinHuxleyNeuronSpec().TemperatureCelsius && !needed ? null : celsius;
    }
}
