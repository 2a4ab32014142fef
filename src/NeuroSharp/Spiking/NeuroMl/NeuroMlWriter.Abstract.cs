using System.Xml.Linq;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// NeuroML's abstract cells written back: an <c>equations</c> population whose model is exactly what the reader makes of a
/// fitzHughNagumoCell, fitzHughNagumo1969Cell, pinskyRinzelCA3Cell, hindmarshRose1984Cell or PyNN's HH_cond_exp (NeuroMlReader.Abstract.cs) is that
/// cell again, its attributes taken from the model's parameters and initial values. Each candidate is read back and kept only
/// where it gives the same model, so any other equations are refused rather than written approximately.
/// </summary>
internal static partial class NeuroMlWriter
{
    /// <summary>The abstract cell whose reading is <paramref name="m"/>; null where none is.</summary>
    private static XElement? AbstractCell(EquationsNeuronSpec m, string id)
    {
        var p = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in m.Parameters) p[name] = value;
        foreach (var (name, value) in m.Variables) p["initial " + name] = value;
        foreach (var cell in Candidates(p, id))
        {
            if (cell is not null && ReadBack(cell) is { } back && back.Equals(m)) return cell;
        }
        return null;
    }

    private static IEnumerable<XElement?> Candidates(Dictionary<string, double> p, string id)
    {
        bool Has(params string[] names) => names.All(p.ContainsKey);
        XAttribute Plain(string attribute, string parameter) => new(attribute, Number(p[parameter]));
        XAttribute Quantity(string attribute, string parameter, NeuroMlDimension dimension) => new(attribute, NeuroMlUnits.Format(p[parameter], dimension));
        var identity = new XAttribute("id", id);
        yield return Has("Iext") ? new XElement(Ns + "fitzHughNagumoCell", identity, Plain("I", "Iext")) : null;
        yield return Has("a", "b", "Iext", "phi", "initial V", "initial W")
            ? new XElement(Ns + "fitzHughNagumo1969Cell", identity, Plain("a", "a"), Plain("b", "b"), Plain("I", "Iext"), Plain("phi", "phi"), Plain("V0", "initial V"), Plain("W0", "initial W"))
            : null;
        string[] conductances = ["gLs", "gLd", "gNa", "gKdr", "gCa", "gKahp", "gKC", "gc"];
        if (Has([.. conductances, "iSoma", "iDend", "eNa", "eCa", "eK", "eL", "pp", "cm", "initial qd"]))
        {
            // The reader divides S/m^2 by 10 (mS/cm^2) and multiplies F/m^2 by 100 (uF/cm^2): the preimages come back as the same numbers.
            var cell = new XElement(Ns + "pinskyRinzelCA3Cell", identity,
                new XAttribute("iSoma", Number(p["iSoma"]) + "uA_per_cm2"), new XAttribute("iDend", Number(p["iDend"]) + "uA_per_cm2"));
            foreach (string g in conductances) cell.Add(new XAttribute(g, Number(Exact(p[g], x => x / 10, p[g] * 10)) + "S_per_m2"));
            foreach (string e in new[] { "eNa", "eCa", "eK", "eL" }) cell.Add(Quantity(e, e, NeuroMlDimension.Voltage));
            // gNmda, gAmpa, alphac and betac act through the synaptic states Si and Wi, which nothing raises (the reader leaves them out).
            cell.Add(new XAttribute("gNmda", "0S_per_m2"), new XAttribute("gAmpa", "0S_per_m2"), new XAttribute("qd0", Number(p["initial qd"])), Plain("pp", "pp"),
                new XAttribute("alphac", 2), new XAttribute("betac", 0.1),
                new XAttribute("cm", Number(Exact(p["cm"], x => x * 100, p["cm"] / 100)) + "F_per_m2"));
            yield return cell;
        }
        else yield return null;
        if (Has("a", "b", "c", "d", "r", "s", "x1", "vs", "Cm", "initial v", "initial y", "initial z"))
        {
            double vs = p["vs"];
            yield return new XElement(Ns + "hindmarshRose1984Cell", identity, new XAttribute("C", NeuroMlUnits.Format(p["Cm"], NeuroMlDimension.Capacitance)),
                Plain("a", "a"), Plain("b", "b"), Plain("c", "c"), Plain("d", "d"), Plain("s", "s"), Plain("x1", "x1"), Plain("r", "r"),
                new XAttribute("x0", Number(Exact(p["initial v"], x => x * vs, p["initial v"] / vs))), Plain("y0", "initial y"), Plain("z0", "initial z"),
                Quantity("v_scaling", "vs", NeuroMlDimension.Voltage));
        }
        else yield return null;
        // PyNN's HH_cond_exp: plain numbers (mV, ms, nF, uS, nA), v_init the initial v; its synapse parameters enter no dynamics here.
        string[] hh = ["cm", "gbar_K", "gbar_Na", "g_leak", "e_rev_K", "e_rev_Na", "e_rev_leak", "v_offset", "i_offset"];
        yield return Has([.. hh, "initial v"])
            ? new XElement(Ns + "HH_cond_exp", identity, Plain("cm", "cm"), Plain("i_offset", "i_offset"), new XAttribute("tau_syn_E", 0.2), new XAttribute("tau_syn_I", 2),
                Plain("v_init", "initial v"), Plain("v_offset", "v_offset"), new XAttribute("e_rev_E", 0), new XAttribute("e_rev_I", -80), Plain("e_rev_K", "e_rev_K"),
                Plain("e_rev_Na", "e_rev_Na"), Plain("e_rev_leak", "e_rev_leak"), Plain("g_leak", "g_leak"), Plain("gbar_K", "gbar_K"), Plain("gbar_Na", "gbar_Na"))
            : null;
    }

    /// <summary>What the reader makes of <paramref name="cell"/> as a population of one; null where it refuses it.</summary>
    private static EquationsNeuronSpec? ReadBack(XElement cell)
    {
        var doc = new XElement(Ns + "neuroml", new XAttribute("id", "abstract"), new XElement(cell),
            new XElement(Ns + "network", new XAttribute("id", "abstract"),
                new XElement(Ns + "population", new XAttribute("id", "p"), new XAttribute("component", (string)cell.Attribute("id")!), new XAttribute("size", 1))));
        try
        {
            return NeuroMlFile.Parse(doc.ToString(), "export").Populations.Single().Model as EquationsNeuronSpec;
        }
        catch (InvalidInputException)
        {
            return null;
        }
    }
}
