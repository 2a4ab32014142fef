using System.Globalization;

namespace NeuroSharp.Spiking;

public sealed partial record NetworkSpec
{
    /// <summary>
    /// Checks every parameter and cross-reference: names unique, links and projections between
    /// existing neurons, Dale's principle, indices in range, delays and weights at least 0.
    /// </summary>
    /// <exception cref="InvalidInputException">
    /// Something is wrong; the message names the element by its id where it has one, then the JSON path
    /// of the network file, e.g. <c>link "skin->muscel" ($.links[2].to) names no neuron ('muscel'; did you mean muscle? known: skin, sensory, motor, muscle).</c>
    /// </exception>
    public void Validate()
    {
        try
        {
            ValidateAll();
        }
        catch (InvalidInputException e)
        {
            string named = SpecPath.WithElement(e.Message, (section, index) => SpecPath.Label(this, section, index));
            if (ReferenceEquals(named, e.Message)) throw;
            throw new InvalidInputException(named, e);
        }
    }

    private void ValidateAll()
    {
        if (!(DtMs > 0) || !double.IsFinite(DtMs)) throw SpecPath.Fail("$.dtMs", $"must be > 0 (got {Fmt(DtMs)}).");
        if (DurationMs is { } duration && DurationProblem(duration) is { } problem) throw SpecPath.Fail("$.durationMs", problem);
        if (!Enum.IsDefined(Delivery)) throw SpecPath.Fail("$.delivery", $"must be synchronous or sequential (got {Delivery}).");
        if (!Enum.IsDefined(SynapseRule)) throw SpecPath.Fail("$.synapseRule", $"must be intended or referenceAliasing (got {SynapseRule}).");
        var groups = ValidateGroups();
        ValidateLinks(groups);
        ValidateProjections(groups);
        ValidateGapJunctions(groups);
        ValidateGradedProjections(groups);
        ValidateInputs(groups);
        ValidateMonitors(groups);
        ValidateChanges(groups);
    }

    private void ValidateChanges(Dictionary<string, Group> groups)
    {
        double previous = 0;
        for (int i = 0; i < Changes.Count; i++)
        {
            var c = Changes[i];
            string path = $"$.changes[{i}]";
            if (c is null) throw SpecPath.Fail(path, "is null.");
            if (!(c.AtMs >= 0) || !double.IsFinite(c.AtMs)) throw SpecPath.Fail(path + ".atMs", $"must be a finite number >= 0 (got {Fmt(c.AtMs)}).");
            if (c.AtMs < previous) throw SpecPath.Fail(path + ".atMs", $"is {Fmt(c.AtMs)}, before the previous change's {Fmt(previous)}: list the changes in order of time.");
            previous = c.AtMs;
            var g = AnyGroup(groups, path + ".population", c.Population);
            if (c.Model is null) throw SpecPath.Fail(path + ".params", "is missing.");
            if (c.Model.GetType() != g.Model.GetType())
                throw SpecPath.Fail(path + ".params", $"are {NeuronModels.WithArticle(c.Model)} model's, but '{c.Population}' is {NeuronModels.WithArticle(g.Model)} population: a change keeps the model.");
            SpecPath.Check(path + ".params", c.Model.Validate);
            CheckModelDetails(path, c.Model, g.Count);
            CheckSourceRates(path, c.Model);
        }
    }

    /// <summary>A population or single neuron by name, as the validation and the engine see it.</summary>
    internal readonly record struct Group(string Path, int Count, NeuronModelSpec Model, NeuronKind Kind, bool IsSingle);

    private Dictionary<string, Group> ValidateGroups()
    {
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        for (int i = 0; i < Neurons.Count; i++)
        {
            var n = Neurons[i];
            string path = $"$.neurons[{i}]";
            if (n is null) throw SpecPath.Fail(path, "is null.");
            CheckName(path + ".id", n.Id, groups);
            if (n.Model is null) throw SpecPath.Fail(path + ".model", "is missing.");
            SpecPath.Check(path + ".params", n.Model.Validate);
            CheckModelDetails(path, n.Model, 1);
            CheckSourceRates(path, n.Model);
            CheckKind(path, n.Model, n.Kind);
            CheckInitial(path, n.Model, n.Initial, 1);
            if (!double.IsFinite(n.X)) throw SpecPath.Fail(path + ".x", $"must be a finite number (got {Fmt(n.X)}).");
            if (!double.IsFinite(n.Y)) throw SpecPath.Fail(path + ".y", $"must be a finite number (got {Fmt(n.Y)}).");
            CheckColor(path + ".color", n.Color);
            groups[n.Id] = new Group(path, 1, n.Model, n.Kind, true);
        }
        for (int i = 0; i < Populations.Count; i++)
        {
            var p = Populations[i];
            string path = $"$.populations[{i}]";
            if (p is null) throw SpecPath.Fail(path, "is null.");
            CheckName(path + ".name", p.Name, groups);
            if (p.Count < 1) throw SpecPath.Fail(path + ".count", $"must be at least 1 (got {p.Count}).");
            if (p.Model is null) throw SpecPath.Fail(path + ".model", "is missing.");
            if (p.Model is TransmitterNeuronSpec)
                throw SpecPath.Fail(path + ".model", "is 'transmitter', which is for single neurons: list transmitter neurons under $.neurons and connect them with $.links.");
            SpecPath.Check(path + ".params", p.Model.Validate);
            CheckModelDetails(path, p.Model, p.Count);
            CheckSourceRates(path, p.Model);
            CheckKind(path, p.Model, p.Kind);
            CheckInitial(path, p.Model, p.Initial, p.Count);
            if (p.X is { } x && !double.IsFinite(x)) throw SpecPath.Fail(path + ".x", $"must be a finite number (got {Fmt(x)}).");
            if (p.Y is { } y && !double.IsFinite(y)) throw SpecPath.Fail(path + ".y", $"must be a finite number (got {Fmt(y)}).");
            if (p.Count > MaxPopulationCount)
                throw SpecPath.Fail(path + ".count", $"is {p.Count}, more than the {MaxPopulationCount} neurons one population can hold (its state arrays are indexed with int).");
            CheckColor(path + ".color", p.Color);
            groups[p.Name] = new Group(path, p.Count, p.Model, p.Kind, false);
        }
        return groups;
    }

    /// <summary>The most steps one engine runs (and the longest delay, in steps).</summary>
    public const int MaxSteps = int.MaxValue / 2;

    /// <summary>The most neurons one population holds (its arrays and block counts stay in int range).</summary>
    public const int MaxPopulationCount = int.MaxValue / 2;

    /// <summary>
    /// Colours are <c>#rrggbb</c> (six hexadecimal digits), what the studio writes and what its colour
    /// picker (an HTML colour input) can show; CSS names such as "red" are refused rather than drawn black.
    /// </summary>
    private static void CheckColor(string path, string? color)
    {
        if (color is null) return;
        bool ok = color.Length == 7 && color[0] == '#' && color.AsSpan(1).ContainsAnyExcept("0123456789abcdefABCDEF") == false;
        if (!ok) throw SpecPath.Fail(path, $"is \"{Shorten(color)}\"; a colour is written #rrggbb with six hexadecimal digits (e.g. #4e79a7), as the studio writes it.");
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..37] + "..." : text;

    /// <summary>A source spikes at most once per step: rate x dt &lt;= 1, i.e. rate &lt;= 1000 / dtMs Hz.</summary>
    private void CheckRate(string path, double rateHz)
    {
        if (rateHz * DtMs / 1000.0 > 1)
            throw SpecPath.Fail(path, $"is {Fmt(rateHz)} Hz, but a source spikes at most once per step: the rate must be at most 1000 / dtMs = {Fmt(1000.0 / DtMs)} Hz.");
    }

    private void CheckSourceRates(string path, NeuronModelSpec? model)
    {
        if (model is not PoissonSourceSpec p) return;
        if (p.RatesHz is { } rates)
        {
            for (int k = 0; k < rates.Count; k++) CheckRate($"{path}.params.ratesHz[{k}]", rates[k]);
        }
        else
        {
            CheckRate(path + ".params.rateHz", p.RateHz);
        }
    }

    /// <summary>The longest delay the engine holds is <see cref="MaxSteps"/> steps.</summary>
    private void CheckDelay(string path, double delayMs)
    {
        if (Math.Round(delayMs / DtMs) > MaxSteps)
            throw SpecPath.Fail(path, $"reaches {Fmt(delayMs)} ms, more than the longest delay the engine holds ({Fmt(Math.Round(MaxSteps * DtMs, 6))} ms, {MaxSteps} steps of {Fmt(DtMs)} ms).");
    }

    /// <summary>The largest value a distribution gives in practice (a normal one: mean + 10 sd).</summary>
    internal static double Largest(DistributionSpec d) => d.Kind switch
    {
        DistributionKind.Constant => d.Value,
        DistributionKind.Uniform => d.High,
        DistributionKind.PerNeuron => d.Values is { Count: > 0 } v ? v.Max() : 0,
        _ => d.Mean + 10 * d.StdDev,
    };

    private static void CheckName(string path, string? name, Dictionary<string, Group> groups)
    {
        if (string.IsNullOrWhiteSpace(name)) throw SpecPath.Fail(path, $"must be a non-empty name (got {(name is null ? "null" : $"'{name}'")}).");
        if (name.Any(c => char.IsControl(c) || c is ',' or '"'))
            throw SpecPath.Fail(path, $"is '{name}'; names must not contain commas, quotes or control characters (they go into CSV files).");
        if (groups.TryGetValue(name, out var other))
            throw SpecPath.Fail(path, $"'{name}' is already used by {other.Path}; names must be unique among neurons and populations.");
    }

    private void CheckModelDetails(string path, NeuronModelSpec model, int count)
    {
        if (model is SpikeTimesSourceSpec times)
        {
            for (int k = 0; k < times.TimesMs.Count; k++)
            {
                if (Math.Round(times.TimesMs[k] / DtMs) > MaxSteps)
                    throw SpecPath.Fail($"{path}.params.timesMs[{k}]", $"is {Fmt(times.TimesMs[k])} ms, after the engine's last step ({MaxSteps} steps of {Fmt(DtMs)} ms).");
            }
        }
        switch (model)
        {
            case PoissonSourceSpec { RatesHz: { } rates } when rates.Count != count:
                throw SpecPath.Fail(path + ".params.ratesHz", $"has {rates.Count} rates for {count} neurons.");
            case SpikeTimesSourceSpec s:
                for (int k = 0; k < s.Indices.Count; k++)
                {
                    if (s.Indices[k] >= count)
                        throw SpecPath.Fail($"{path}.params.indices[{k}]", $"is {s.Indices[k]}, outside [0, {count}).");
                }
                break;
        }
    }

    private static void CheckInitial(string path, NeuronModelSpec model, IReadOnlyDictionary<string, DistributionSpec>? initial, int count)
    {
        if (initial is null) return;
        // An equations model's derived variables, an hh channel's current and conductance and a gif's eta and vt are recordable but computed,
        // not given initial values.
        IReadOnlyList<string> known = model switch
        {
            EquationsNeuronSpec e => [.. e.Variables.Select(v => v.Key)],
            HodgkinHuxleyNeuronSpec h => [.. NeuronModels.StateVariables(model).Except(h.ComputedNames()).Except(h.KineticNames())],
            ConductanceLifNeuronSpec c => [.. NeuronModels.StateVariables(model).Except(SynapticPortSpec.BlockNames(c.Ports ?? []))],
            Izhikevich2007NeuronSpec z => [.. NeuronModels.StateVariables(model).Except(SynapticPortSpec.BlockNames(z.Ports ?? []))],
            GifNeuronSpec => ["v", "ge", "gi"], // eta and vt are sums of the kernels' terms, which start at 0
            _ => NeuronModels.StateVariables(model),
        };
        foreach (var (name, d) in initial)
        {
            if (model is TransmitterNeuronSpec || !known.Contains(name))
                throw SpecPath.Fail($"{path}.initial.{name}", $"is not a state variable of model '{NeuronModels.NameOf(model)}' (known: {SpecPath.List(model is TransmitterNeuronSpec ? [] : known)}).");
            if (d is null) throw SpecPath.Fail($"{path}.initial.{name}", "is null.");
            if (model is HodgkinHuxleyNeuronSpec { Morphology: not null } cell && !IsCompartmentState(cell, name))
                throw SpecPath.Fail($"{path}.initial.{name}", $"is not {(cell.Pools.Count > 0 ? "v, a gate or a pool's concentration" : "v or a gate")}; {cell.CompartmentInitialNames()}.");
            SpecPath.Check($"{path}.initial", () => d.Validate("initial", name, count));
        }
    }

    /// <summary>v, a (non-kinetic) gate or a pool's concentration, plain or [COMPARTMENT]: what a multi-compartment cell's "initial" may set.</summary>
    private static bool IsCompartmentState(HodgkinHuxleyNeuronSpec cell, string name)
    {
        int open = name.IndexOf('[');
        string inner = open > 0 ? name[..open] : name;
        return inner == "v" || cell.Pools.Any(p => p.VariableName == inner)
            || cell.Channels.Any(c => c.Gates.Any(g => g.Kinetics != GateKinetics.KineticScheme && $"{c.Name}_{g.Name}" == inner));
    }

    private static void CheckKind(string path, NeuronModelSpec model, NeuronKind kind)
    {
        if (!Enum.IsDefined(kind)) throw SpecPath.Fail(path + ".kind", $"must be mixed, excitatory or inhibitory (got {kind}).");
        if (model is TransmitterNeuronSpec t && kind != NeuronKind.Mixed && t.ReleasedKind != kind)
        {
            var r = t.Reproductivity;
            throw SpecPath.Fail(path + ".kind", $"is {Lower(kind)} but reproductivity [{Fmt(r.Activator)}, {Fmt(r.Inhibitor)}] also produces the other transmitter (Dale's principle: an {Lower(kind)} neuron releases only {(kind == NeuronKind.Excitatory ? "activator, [a >= 0, 0]" : "inhibitor, [0, i <= 0]")}).");
        }
    }

    private void ValidateLinks(Dictionary<string, Group> groups)
    {
        var seen = new Dictionary<(string, string), int>();
        for (int i = 0; i < Links.Count; i++)
        {
            var l = Links[i];
            string path = $"$.links[{i}]";
            if (l is null) throw SpecPath.Fail(path, "is null.");
            var from = SingleNeuron(groups, path + ".from", l.From);
            var to = SingleNeuron(groups, path + ".to", l.To);
            if (seen.TryGetValue((l.From, l.To), out int first))
                throw SpecPath.Fail(path, $"repeats the link {l.From} -> {l.To} of $.links[{first}] (a link is there or not; link(a, b) twice removes it).");
            seen[(l.From, l.To)] = i;
            bool fromT = from.Model is TransmitterNeuronSpec, toT = to.Model is TransmitterNeuronSpec;
            if (fromT != toT)
                throw SpecPath.Fail(path, $"connects {Describe(l.From, from)} to {Describe(l.To, to)}; transmitter neurons link only to transmitter neurons.");
            if (fromT)
            {
                if (l.Weight is not null) throw SpecPath.Fail(path + ".weight", $"is {Fmt(l.Weight.Value)}, but links between transmitter neurons carry no weight (the synapse is shared evenly).");
                if (l.DelayMs is not null) throw SpecPath.Fail(path + ".delayMs", $"is {Fmt(l.DelayMs.Value)}, but links between transmitter neurons have no delay (speedSteps sets it).");
                if (l.Receptor is not null) throw SpecPath.Fail(path + ".receptor", "is set, but transmitter neurons release both kinds through one synapse.");
                continue;
            }
            if (NeuronModels.IsSource(to.Model)) throw SpecPath.Fail(path + ".to", $"is '{l.To}', {NeuronModels.WithArticle(to.Model)} source, which receives no input.");
            if (l.Weight is { } w && (!(w >= 0) || !double.IsFinite(w))) throw SpecPath.Fail(path + ".weight", $"must be >= 0 (got {Fmt(w)}); the receptor gives the sign.");
            if (l.DelayMs is { } d && (!(d >= 0) || !double.IsFinite(d))) throw SpecPath.Fail(path + ".delayMs", $"must be >= 0 (got {Fmt(d)}).");
            if (l.DelayMs is { } d3) CheckDelay(path + ".delayMs", d3);
            var receptor = l.Receptor ?? (from.Kind == NeuronKind.Inhibitory ? Receptor.Inhibitory : Receptor.Excitatory);
            CheckDale(path + ".receptor", l.From, from.Kind, receptor);
        }
    }

    private static Group SingleNeuron(Dictionary<string, Group> groups, string path, string? id)
    {
        if (id is null) throw SpecPath.Fail(path, "is missing.");
        if (!groups.TryGetValue(id, out var g) || !g.IsSingle)
        {
            var singles = groups.Where(p => p.Value.IsSingle).Select(p => p.Key).ToList();
            throw SpecPath.Fail(path, $"names no neuron ('{id}'; {NearestName.DidYouMean(singles, id)}known: {SpecPath.List(singles)}).");
        }
        return g;
    }

    private static Group AnyGroup(Dictionary<string, Group> groups, string path, string? name)
    {
        if (name is null) throw SpecPath.Fail(path, "is missing.");
        if (!groups.TryGetValue(name, out var g))
            throw SpecPath.Fail(path, $"names no population or neuron ('{name}'; {NearestName.DidYouMean(groups.Keys, name)}known: {SpecPath.List(groups.Keys)}).");
        return g;
    }

    private static void CheckDale(string path, string source, NeuronKind kind, Receptor receptor)
    {
        if ((kind == NeuronKind.Excitatory && receptor != Receptor.Excitatory) || (kind == NeuronKind.Inhibitory && receptor != Receptor.Inhibitory))
            throw SpecPath.Fail(path, $"is {Lower(receptor)} but '{source}' is {Lower(kind)} (Dale's principle: a neuron releases one kind of transmitter).");
    }

    private void ValidateProjections(Dictionary<string, Group> groups)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Projections.Count; i++)
        {
            var p = Projections[i];
            string path = $"$.projections[{i}]";
            if (p is null) throw SpecPath.Fail(path, "is null.");
            if (p.Name is not null) SpecPath.Check(path, () => SpecChecks.Name(nameof(ProjectionSpec), nameof(ProjectionSpec.Name), p.Name));
            if (!names.Add(p.DisplayName)) throw SpecPath.Fail(path + ".name", $"'{p.DisplayName}' is used by another projection; give each a unique name.");
            var src = AnyGroup(groups, path + ".source", p.Source);
            var tgt = AnyGroup(groups, path + ".target", p.Target);
            if (src.Model is TransmitterNeuronSpec || tgt.Model is TransmitterNeuronSpec)
                throw SpecPath.Fail(path, "connects a transmitter neuron; use $.links between transmitter neurons.");
            if (NeuronModels.IsSource(tgt.Model)) throw SpecPath.Fail(path + ".target", $"is '{p.Target}', {NeuronModels.WithArticle(tgt.Model)} source, which receives no input.");
            if (!Enum.IsDefined(p.Receptor)) throw SpecPath.Fail(path + ".receptor", $"must be excitatory or inhibitory (got {p.Receptor}).");
            CheckDale(path + ".receptor", p.Source, src.Kind, p.Receptor);
            CheckPort(path + ".port", p.Port, p.Target, tgt);
            CheckCompartment(path + ".compartment", p.Compartment, p.Target, tgt);
            CheckEquationsReceptor(path + ".receptor", p.Receptor, p.Target, tgt.Model);
            if (p.Connectivity is null) throw SpecPath.Fail(path + ".connectivity", "is missing.");
            SpecPath.Check(path + ".connectivity", p.Connectivity.Validate);
            CheckConnectivity(path + ".connectivity", p, src, tgt);
            if (p.Weight is null) throw SpecPath.Fail(path + ".weight", "is missing.");
            SpecPath.Check(path, () => p.Weight.Validate(nameof(ProjectionSpec), nameof(ProjectionSpec.Weight)));
            if (p.Weight.Kind != DistributionKind.Normal && p.Weight.Minimum < 0)
                throw SpecPath.Fail(path + ".weight", $"must be >= 0 (got {Fmt(p.Weight.Minimum)}); weights are magnitudes and the receptor gives the sign.");
            if (p.DelayMs is null) throw SpecPath.Fail(path + ".delayMs", "is missing.");
            SpecPath.Check(path, () => p.DelayMs.Validate(nameof(ProjectionSpec), nameof(ProjectionSpec.DelayMs)));
            if (p.DelayMs.Kind != DistributionKind.Normal && p.DelayMs.Minimum < 0)
                throw SpecPath.Fail(path + ".delayMs", $"must be >= 0 (got {Fmt(p.DelayMs.Minimum)}).");
            CheckDelay(path + ".delayMs", Largest(p.DelayMs));
            if (p.Connectivity is ExplicitConnectivity { DelaysMs: { } listed })
            {
                for (int k = 0; k < listed.Count; k++) CheckDelay($"{path}.connectivity.delaysMs[{k}]", listed[k]);
            }
            if (p.Stdp is { } stdp) SpecPath.Check(path + ".stdp", stdp.Validate);
            if (p.ShortTermPlasticity is { } stp) SpecPath.Check(path + ".shortTermPlasticity", stp.Validate);
            if (p.Release is { } release) SpecPath.Check(path + ".release", release.Validate);
            CheckStochasticRelease(path, p);
            if (p.Normalization is { } norm) SpecPath.Check(path + ".normalization", norm.Validate);
        }
    }

    /// <summary>Stochastic release (release, or shortTermPlasticity.sites) draws per synapse: not with STDP, and one of the two.</summary>
    private static void CheckStochasticRelease(string path, ProjectionSpec p)
    {
        bool sites = p.ShortTermPlasticity is { Sites: > 0 };
        if (p.Release is not null && sites)
            throw SpecPath.Fail(path + ".release", $"cannot be combined with shortTermPlasticity.sites ({p.ShortTermPlasticity!.Sites}): stochastic short-term plasticity already releases each site with probability u; give one of the two.");
        if (p.Stdp is not null && (p.Release is not null || sites))
            throw SpecPath.Fail(path + (sites ? ".shortTermPlasticity.sites" : ".release"), "draws release per synapse, which the engine does not combine with stdp; remove one of the two.");
    }

    private static void CheckConnectivity(string path, ProjectionSpec p, Group src, Group tgt) =>
        CheckConnectivity(path, p.Connectivity, p.Source, p.Target, src, tgt);

    private static void CheckConnectivity(string path, ConnectivitySpec connectivity, string source, string target, Group src, Group tgt)
    {
        bool recurrent = string.Equals(source, target, StringComparison.Ordinal);
        switch (connectivity)
        {
            case OneToOneConnectivity when src.Count != tgt.Count:
                throw SpecPath.Fail(path, $"is oneToOne but '{source}' has {src.Count} neurons and '{target}' {tgt.Count}.");
            case FixedInDegreeConnectivity f:
                int eligible = recurrent && !f.AllowSelf ? src.Count - 1 : src.Count;
                if (f.InDegree > eligible)
                    throw SpecPath.Fail(path + ".inDegree", $"is {f.InDegree} but only {eligible} distinct sources are available.");
                break;
            case ExplicitConnectivity e:
                for (int k = 0; k < e.Sources.Count; k++)
                {
                    if (e.Sources[k] >= src.Count) throw SpecPath.Fail($"{path}.sources[{k}]", $"is {e.Sources[k]}, outside [0, {src.Count}) of '{source}'.");
                    if (e.Targets[k] >= tgt.Count) throw SpecPath.Fail($"{path}.targets[{k}]", $"is {e.Targets[k]}, outside [0, {tgt.Count}) of '{target}'.");
                }
                break;
        }
    }

    private void ValidateGapJunctions(Dictionary<string, Group> groups)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < GapJunctions.Count; i++)
        {
            var g = GapJunctions[i];
            string path = $"$.gapJunctions[{i}]";
            if (g is null) throw SpecPath.Fail(path, "is null.");
            if (g.Name is not null) SpecPath.Check(path, () => SpecChecks.Name(nameof(GapJunctionSpec), nameof(GapJunctionSpec.Name), g.Name));
            if (!names.Add(g.DisplayName)) throw SpecPath.Fail(path + ".name", $"'{g.DisplayName}' is used by another gap junction; give each a unique name.");
            var src = AnyGroup(groups, path + ".source", g.Source);
            var tgt = AnyGroup(groups, path + ".target", g.Target);
            CheckCoupled(path + ".source", g.Source, src.Model);
            CheckCoupled(path + ".target", g.Target, tgt.Model);
            if (CurrentUnit(src.Model) != CurrentUnit(tgt.Model))
                throw SpecPath.Fail(path, $"couples '{g.Source}' ({NeuronModels.NameOf(src.Model)}, current in {CurrentUnit(src.Model)}) with '{g.Target}' ({NeuronModels.NameOf(tgt.Model)}, current in {CurrentUnit(tgt.Model)}); one conductance cannot serve both.");
            if (g.Connectivity is null) throw SpecPath.Fail(path + ".connectivity", "is missing.");
            SpecPath.Check(path + ".connectivity", g.Connectivity.Validate);
            CheckConnectivity(path + ".connectivity", g.Connectivity, g.Source, g.Target, src, tgt);
            if (g.Conductance is null) throw SpecPath.Fail(path + ".conductance", "is missing.");
            SpecPath.Check(path, () => g.Conductance.Validate(nameof(GapJunctionSpec), nameof(GapJunctionSpec.Conductance)));
            if (g.Conductance.Kind != DistributionKind.Normal && g.Conductance.Minimum < 0)
                throw SpecPath.Fail(path + ".conductance", $"must be >= 0 (got {Fmt(g.Conductance.Minimum)}).");
        }
    }

    private void ValidateGradedProjections(Dictionary<string, Group> groups)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < GradedProjections.Count; i++)
        {
            var g = GradedProjections[i];
            string path = $"$.gradedProjections[{i}]";
            if (g is null) throw SpecPath.Fail(path, "is null.");
            if (g.Name is not null) SpecPath.Check(path, () => SpecChecks.Name(nameof(GradedProjectionSpec), nameof(GradedProjectionSpec.Name), g.Name));
            if (!names.Add(g.DisplayName)) throw SpecPath.Fail(path + ".name", $"'{g.DisplayName}' is used by another graded projection; give each a unique name.");
            var src = AnyGroup(groups, path + ".source", g.Source);
            var tgt = AnyGroup(groups, path + ".target", g.Target);
            CheckCoupled(path + ".source", g.Source, src.Model);
            CheckCoupled(path + ".target", g.Target, tgt.Model);
            if (g.Connectivity is null) throw SpecPath.Fail(path + ".connectivity", "is missing.");
            SpecPath.Check(path + ".connectivity", g.Connectivity.Validate);
            CheckConnectivity(path + ".connectivity", g.Connectivity, g.Source, g.Target, src, tgt);
            if (g.Weight is null) throw SpecPath.Fail(path + ".weight", "is missing.");
            SpecPath.Check(path, () => g.Weight.Validate(nameof(GradedProjectionSpec), nameof(GradedProjectionSpec.Weight)));
            if (g.Weight.Kind != DistributionKind.Normal && g.Weight.Minimum < 0)
                throw SpecPath.Fail(path + ".weight", $"must be >= 0 (got {Fmt(g.Weight.Minimum)}).");
            if (g.Connectivity is ExplicitConnectivity { Weights: { } ws })
            {
                for (int k = 0; k < ws.Count; k++)
                {
                    if (!(ws[k] >= 0) || !double.IsFinite(ws[k])) throw SpecPath.Fail($"{path}.connectivity.weights[{k}]", $"must be a finite number >= 0 (got {Fmt(ws[k])}).");
                }
            }
            if (!Enum.IsDefined(g.Kind)) throw SpecPath.Fail(path + ".kind", $"must be linear, sigmoid or sigmoidRiseDecay (got {g.Kind}).");
            if (!(g.Conductance >= 0) || !double.IsFinite(g.Conductance)) throw SpecPath.Fail(path + ".conductance", $"must be a finite number >= 0 (got {Fmt(g.Conductance)}).");
            // Each kind takes exactly its own parameters: a parameter of another kind is a mistake, not a default.
            (string Name, double? Value)[] all = [("erevMv", g.ErevMv), ("vthMv", g.VthMv), ("deltaMv", g.DeltaMv), ("kPerMs", g.KPerMs), ("risePerMs", g.RisePerMs), ("decayPerMs", g.DecayPerMs)];
            string[] wanted = g.Kind switch
            {
                GradedSynapseKind.Linear => [],
                GradedSynapseKind.Sigmoid => ["erevMv", "vthMv", "deltaMv", "kPerMs"],
                _ => ["erevMv", "vthMv", "deltaMv", "risePerMs", "decayPerMs"],
            };
            string kind = SpecPath.Camel(g.Kind.ToString());
            foreach (var (name, value) in all)
            {
                bool wants = Array.IndexOf(wanted, name) >= 0;
                if (wants && value is null) throw SpecPath.Fail($"{path}.{name}", $"is missing; a {kind} graded synapse needs {string.Join(", ", wanted)}.");
                if (!wants && value is { } extra) throw SpecPath.Fail($"{path}.{name}", $"is {Fmt(extra)}, but a {kind} graded synapse has no {name}" + (wanted.Length == 0 ? " (it takes only conductance)." : $" (it takes {string.Join(", ", wanted)})."));
                if (value is { } x && !double.IsFinite(x)) throw SpecPath.Fail($"{path}.{name}", $"must be a finite number (got {Fmt(x)}).");
            }
            if (g.DeltaMv is { } delta && !(delta > 0)) throw SpecPath.Fail(path + ".deltaMv", $"must be > 0 (got {Fmt(delta)}).");
            if (g.KPerMs is { } k0 && !(k0 > 0)) throw SpecPath.Fail(path + ".kPerMs", $"must be > 0 (got {Fmt(k0)}).");
            if (g.RisePerMs is { } rise && !(rise >= 0)) throw SpecPath.Fail(path + ".risePerMs", $"must be >= 0 (got {Fmt(rise)}).");
            if (g.DecayPerMs is { } decay && !(decay >= 0)) throw SpecPath.Fail(path + ".decayPerMs", $"must be >= 0 (got {Fmt(decay)}).");
        }
    }

    /// <summary>Refuses a gap junction on a model without a membrane potential and an input current.</summary>
    private static void CheckCoupled(string path, string name, NeuronModelSpec model)
    {
        if (model is TransmitterNeuronSpec || NeuronModels.IsSource(model))
            throw SpecPath.Fail(path, $"is '{name}', {NeuronModels.WithArticle(model)} neuron, which has no membrane potential to couple.");
    }

    /// <summary>A projection's or an input's compartment (null: none given): only onto a cell with a morphology, and one of its compartments.</summary>
    private static void CheckCompartment(string path, string? compartment, string name, Group target)
    {
        if (compartment is null) return;
        if (target.Model is not HodgkinHuxleyNeuronSpec { Morphology: { } morphology })
            throw SpecPath.Fail(path, $"is '{compartment}', but '{name}' is a population without a morphology (leave compartment out).");
        if (morphology.IndexOf(compartment) < 0)
            throw SpecPath.Fail(path, $"is '{compartment}', which is not a compartment of '{name}' ({string.Join(", ", morphology.Compartments.Take(8).Select(c => c.Name))}{(morphology.Compartments.Count > 8 ? ", ..." : "")}).");
    }

    /// <summary>
    /// A receptor port (0: none given) of a projection or Poisson input onto <paramref name="target"/>: 1 to its number of ports; an
    /// hh or conductanceLif population with synaptic ports needs one named.
    /// </summary>
    private static void CheckPort(string path, int port, string name, Group target)
    {
        if (SynapticPortSpec.Of(target.Model) is { Count: > 0 and int count })
        {
            string model = NeuronModels.WithArticle(target.Model);
            if (port < 1 || port > count)
                throw SpecPath.Fail(path, port == 0
                    ? $"is missing: '{name}' is {model} population with {count} synaptic ports, so its inputs name one (1 to {count})."
                    : $"is {port}, but '{name}' is {model} population with {count} synaptic ports (1 to {count}).");
            return;
        }
        if (port == 0) return;
        int ports = target.Model is GlifNeuronSpec g ? g.SynapseTausMs.Count : 0;
        if (port < 1 || port > ports)
            throw SpecPath.Fail(path, ports == 0
                ? $"is {port}, but '{name}' is {NeuronModels.WithArticle(target.Model)} population, which has no receptor ports (leave port out)."
                : $"is {port}; '{name}' has ports 1 to {ports} (one per synapseTausMs).");
    }

    /// <summary>The unit of a spiking model's input current I (gap junction currents add to it).</summary>
    internal static string CurrentUnit(NeuronModelSpec model) => model switch
    {
        LifNeuronSpec or ConductanceLifNeuronSpec => "mV",
        AdExNeuronSpec or Izhikevich2007NeuronSpec or GlifNeuronSpec or GifNeuronSpec => "pA",
        _ => "the model's unit",
    };

    private void ValidateInputs(Dictionary<string, Group> groups)
    {
        for (int i = 0; i < Inputs.Count; i++)
        {
            var input = Inputs[i];
            string path = $"$.inputs[{i}]";
            if (input is null) throw SpecPath.Fail(path, "is null.");
            var g = AnyGroup(groups, path + ".target", input.Target);
            CheckIndices(path + ".indices", input.Indices, g.Count);
            switch (input)
            {
                case TransmitterStimulusSpec s:
                    if (g.Model is not TransmitterNeuronSpec) throw SpecPath.Fail(path + ".target", $"is '{input.Target}', {NeuronModels.WithArticle(g.Model)} neuron; a stimulus feeds a transmitter neuron's dendrite.");
                    SpecPath.Check(path, s.Validate);
                    if (s.Steps.Count == 0 && s.EverySteps == 0)
                        throw SpecPath.Fail(path + ".everySteps", "is 0 and no steps are listed, so the stimulus would never arrive; list steps or give everySteps >= 1.");
                    break;
                case CurrentInputSpec c:
                    CheckSpikingTarget(path, input.Target, g, "a current");
                    SpecPath.Check(path, c.Validate);
                    CheckCompartment(path + ".compartment", c.Compartment, input.Target, g);
                    break;
                case VoltageClampSpec vc:
                    CheckSpikingTarget(path, input.Target, g, "a voltage clamp");
                    SpecPath.Check(path, vc.Validate);
                    if (!NeuronModels.StateVariables(g.Model).Contains("v"))
                        throw SpecPath.Fail(path + ".target", $"is '{input.Target}', {NeuronModels.WithArticle(g.Model)} population with no membrane potential v to clamp.");
                    break;
                case PoissonInputSpec pi:
                    CheckSpikingTarget(path, input.Target, g, "a Poisson input");
                    SpecPath.Check(path, pi.Validate);
                    CheckRate(path + ".rateHz", pi.RateHz);
                    CheckPort(path + ".port", pi.Port, input.Target, g);
                    CheckEquationsReceptor(path + ".receptor", pi.Receptor, input.Target, g.Model);
                    CheckCompartment(path + ".compartment", pi.Compartment, input.Target, g);
                    break;
            }
        }
    }

    /// <summary>Refuses input on a receptor of an equations model that names no variable for it (docs/spiking-equations.md, "Synaptic input").</summary>
    private static void CheckEquationsReceptor(string path, Receptor receptor, string name, NeuronModelSpec model)
    {
        if (model is not EquationsNeuronSpec e) return;
        string? variable = receptor == Receptor.Excitatory ? e.ExcitatoryVariable : e.InhibitoryVariable;
        if (variable is null)
            throw SpecPath.Fail(path, $"is {Lower(receptor)}, but '{name}' is an equations population whose \"inputs\" name no {Lower(receptor)} variable; add \"inputs\": {{\"{Lower(receptor)}\": \"<a state variable>\"}} to its params.");
    }

    private static void CheckSpikingTarget(string path, string name, Group g, string what)
    {
        if (g.Model is TransmitterNeuronSpec) throw SpecPath.Fail(path + ".target", $"is '{name}', a transmitter neuron; {what} drives spiking models (use a stimulus).");
        if (NeuronModels.IsSource(g.Model)) throw SpecPath.Fail(path + ".target", $"is '{name}', {NeuronModels.WithArticle(g.Model)} source, which receives no input.");
    }

    private static void CheckIndices(string path, IReadOnlyList<int>? indices, int count)
    {
        if (indices is null) return;
        for (int k = 0; k < indices.Count; k++)
        {
            if (indices[k] < 0 || indices[k] >= count) throw SpecPath.Fail($"{path}[{k}]", $"is {indices[k]}, outside [0, {count}).");
        }
    }

    private void ValidateMonitors(Dictionary<string, Group> groups)
    {
        for (int i = 0; i < Monitors.Count; i++)
        {
            var m = Monitors[i];
            string path = $"$.monitors[{i}]";
            if (m is null) throw SpecPath.Fail(path, "is null.");
            var g = AnyGroup(groups, path + ".target", m.Target);
            switch (m)
            {
                case SpikeMonitorSpec s:
                    CheckIndices(path + ".indices", s.Indices, g.Count);
                    break;
                case StateMonitorSpec s:
                    CheckIndices(path + ".indices", s.Indices, g.Count);
                    if (s.EverySteps < 1) throw SpecPath.Fail(path + ".everySteps", $"must be at least 1 (got {s.EverySteps}).");
                    var known = NeuronModels.StateVariables(g.Model);
                    if (s.Variables.Count == 0) throw SpecPath.Fail(path + ".variables", "is empty.");
                    for (int k = 0; k < s.Variables.Count; k++)
                    {
                        if (!known.Contains(s.Variables[k]))
                            throw SpecPath.Fail($"{path}.variables[{k}]", $"is '{s.Variables[k]}', not a variable of model '{NeuronModels.NameOf(g.Model)}' (known: {SpecPath.List(known)}).");
                    }
                    break;
                case RateMonitorSpec r:
                    if (!(r.BinMs >= DtMs) || !double.IsFinite(r.BinMs)) throw SpecPath.Fail(path + ".binMs", $"must be at least dtMs ({Fmt(DtMs)}) (got {Fmt(r.BinMs)}).");
                    break;
            }
        }
    }

    private static string Describe(string id, Group g) => $"'{id}' ({NeuronModels.NameOf(g.Model)})";

    private static string Lower(Enum value) => SpecPath.Camel(value.ToString());

    /// <summary>The steps of a run of <paramref name="durationMs"/> at this network's dt, refused when negative, not finite or past <see cref="MaxSteps"/>.</summary>
    /// <param name="durationMs">The run's length.</param>
    /// <param name="source">Where the user gave it, for the message: "--duration-ms", or "net.json: durationMs".</param>
    /// <returns>The step count.</returns>
    /// <exception cref="InvalidInputException">The duration cannot be run.</exception>
    public int StepsFor(double durationMs, string source) =>
        DurationProblem(durationMs) is { } problem ? throw new InvalidInputException($"{source} {problem}") : (int)Math.Round(durationMs / DtMs);

    /// <summary>Why a run of <paramref name="durationMs"/> cannot be (the end of a sentence whose subject names it), or null.</summary>
    private string? DurationProblem(double durationMs)
    {
        if (!(durationMs >= 0) || !double.IsFinite(durationMs)) return $"must be a finite number >= 0 (got {Fmt(durationMs)}).";
        double steps = Math.Round(durationMs / DtMs);
        return steps > MaxSteps
            ? $"is {Fmt(durationMs)} ms, {Fmt(steps)} steps of {Fmt(DtMs)} ms, more than the engine's limit of {MaxSteps} steps ({Fmt(Math.Round(MaxSteps * DtMs, 6))} ms); run shorter or use a larger dtMs."
            : null;
    }

    private static string Fmt(double value) => SpecPath.Number(value);
}
