using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// A LEMS ComponentType that holds a network and sets its temperature in time, such as NeuroML2's LEMS_NML2_Ex17_Tissue's
/// tissueWithVaryingTemperature: read by its structure (docs/neuroml.md, "A temperature that changes"). Its Dynamics must be one
/// StateVariable temperature, an OnStart that assigns it a temperature Parameter, and OnConditions <c>t .gt. P</c> (P a time
/// Parameter) that each assign it a temperature Parameter; anything else is refused in one sentence. The network's hh cells then
/// start at the OnStart's temperature and change at each condition's time, their gates' rates following their q10ExpTemp factors.
/// </summary>
internal sealed partial class NeuroMlReader
{
    /// <summary>The temperature schedule of each network held by such a tissue: its id, its start in K and its changes (ms, K) in time order.</summary>
    private readonly Dictionary<XElement, (string TissueId, XElement Tissue, double StartK, List<(double AtMs, double Kelvin)> Changes)> _tissues = [];

    /// <summary>The changes of the network being read ((ms, K), in time order), or null when its temperature is fixed.</summary>
    private List<(double AtMs, double Kelvin)>? _temperatureChanges;

    /// <summary>Reads a tissue (a component of a LEMS ComponentType with a network child); false when <paramref name="e"/> is none.</summary>
    private bool ReadTissue(XElement e, string id, string name)
    {
        if (!_componentTypes.TryGetValue(name, out var ct)) return false;
        var networks = e.Elements().Where(x => x.Name.LocalName == "network").ToList();
        if (networks.Count == 0) return false;
        if (networks.Count > 1) throw Fail(networks[1], $"is a second network in <{name}> '{id}'; NeuroSharp reads one network per tissue.");
        var parameters = LemsParameters(ct);
        var dynamics = ct.Elements().Where(x => x.Name.LocalName == "Dynamics").ToList();
        string refusal = $"NeuroSharp reads a component that holds a network only where its Dynamics set the temperature: one StateVariable temperature, an OnStart assigning it a temperature Parameter and OnConditions 't .gt. TIME' assigning it one (docs/neuroml.md)";
        if (dynamics.Count != 1) throw Fail(e, $"is a <{name}>, whose ComponentType has {dynamics.Count} Dynamics; {refusal}.");
        double? startK = null;
        var changes = new List<(double AtMs, double Kelvin)>();
        string Assigned(XElement block)
        {
            var statements = block.Elements().Where(x => x.Name.LocalName is not ("notes" or "annotation")).ToList();
            if (statements.Count != 1 || statements[0].Name.LocalName != "StateAssignment" || (string?)statements[0].Attribute("variable") != "temperature"
                || Squash((string?)statements[0].Attribute("value")) is not { } value || parameters.GetValueOrDefault(value) != "temperature")
                throw Fail(e, $"is a <{name}>, whose {block.Name.LocalName} does other than assign the temperature a temperature Parameter; {refusal}.");
            return value;
        }
        foreach (var x in dynamics[0].Elements())
        {
            switch (x.Name.LocalName)
            {
                case "StateVariable" when (string?)x.Attribute("name") == "temperature":
                    break;
                case "OnStart":
                    if (startK is not null) throw Fail(e, $"is a <{name}> with a second OnStart; {refusal}.");
                    startK = Temperature(e, Assigned(x));
                    break;
                case "OnCondition":
                    string test = Squash((string?)x.Attribute("test")) ?? "";
                    if (!test.StartsWith("t.gt.", StringComparison.Ordinal) || parameters.GetValueOrDefault(test[5..]) != "time")
                        throw Fail(e, $"is a <{name}> whose OnCondition tests '{(string?)x.Attribute("test")}'; {refusal}.");
                    changes.Add((NonNegative(e, test[5..], NeuroMlDimension.Time), Temperature(e, Assigned(x))));
                    break;
                case "notes" or "annotation":
                    break;
                default:
                    throw Fail(e, $"is a <{name}>, whose Dynamics hold <{x.Name.LocalName}{((string?)x.Attribute("name") is { } n ? $" name=\"{n}\"" : "")}>; {refusal}.");
            }
        }
        if (startK is null) throw Fail(e, $"is a <{name}>, whose Dynamics have no OnStart; {refusal}.");
        foreach (var x in e.Elements())
        {
            if (x.Name.LocalName is not ("network" or "notes" or "annotation")) throw Fail(x, $"is <{x.Name.LocalName}> in <{name}> '{id}', which holds one network.");
        }
        // Each condition fires once, when t passes its time: in time order, the latest temperature wins.
        changes.Sort((a, b) => a.AtMs.CompareTo(b.AtMs));
        _tissues[networks[0]] = (id, e, startK.Value, changes);
        _networks.Add((_file, networks[0]));
        return true;
    }

    /// <summary>The Parameters of a ComponentType and those it extends, by name, with their dimensions.</summary>
    private Dictionary<string, string> LemsParameters(XElement ct)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var t = ct; t is not null; t = (string?)t.Attribute("extends") is { } b && _componentTypes.TryGetValue(b, out var next) ? next : null)
        {
            foreach (var p in t.Elements().Where(x => x.Name.LocalName == "Parameter"))
            {
                if ((string?)p.Attribute("name") is { } n) result.TryAdd(n, (string?)p.Attribute("dimension") ?? "");
            }
            if (result.Count > 1000) break;
        }
        return result;
    }

    /// <summary>The id of the tissue that holds <paramref name="network"/>, or null.</summary>
    private string? TissueOf(XElement network) => _tissues.TryGetValue(network, out var t) ? t.TissueId : null;

    /// <summary>Sets the temperature of the network about to be read from its tissue, where one holds it.</summary>
    private void ReadTissueTemperature(XElement net)
    {
        _temperatureChanges = null;
        if (!_tissues.TryGetValue(net, out var tissue)) return;
        if (net.Attribute("temperature") is not null)
            throw Fail(net, $"has a temperature of its own inside <{tissue.Tissue.Name.LocalName}> '{tissue.TissueId}', which sets it; give it in one place.");
        _temperature = (net, tissue.StartK);
        if (tissue.Changes.Count > 0) _temperatureChanges = tissue.Changes;
    }

    /// <summary>The product of a gate's q10ExpTemp factors (its q10 per 10 degrees) where the temperature changes; 1 where it does not.</summary>
    private double Q10Base(IReadOnlyList<NmlQ10> settings)
    {
        if (_temperatureChanges is null) return 1;
        double product = 1;
        foreach (var q in settings)
        {
            if (q.Fixed is null) product *= q.Factor;
        }
        return product;
    }

    /// <summary>Refuses a conductance scaling that follows the temperature where it changes (only gates' rates are recomputed).</summary>
    private void FixedScaling(IReadOnlyList<NmlQ10> scaling)
    {
        if (_temperatureChanges is null) return;
        foreach (var q in scaling)
        {
            if (q.Fixed is null)
                throw Fail(q.Element, "scales a conductance with the temperature, which changes in time here; NeuroSharp recomputes gates' rates when the temperature changes, not conductances.");
        }
    }

    /// <summary>The hh cell's temperature schedule (degC) where the network's temperature changes: start and changes; else the cell unchanged.</summary>
    private HodgkinHuxleyNeuronSpec WithTemperatureChanges(HodgkinHuxleyNeuronSpec cell)
    {
        if (_temperatureChanges is not { } changes || _temperature is not { Kelvin: { } start }) return cell;
        return cell with
        {
            TemperatureCelsius = start - 273.15, TemperatureChangesMs = [.. changes.Select(c => c.AtMs)],
            TemperatureChangesCelsius = [.. changes.Select(c => c.Kelvin - 273.15)],
        };
    }
}
