using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

public sealed partial class SpikingEngine
{
    private void BuildTransmitters()
    {
        var ids = new List<string>();
        foreach (var n in Spec.Neurons)
        {
            if (n.Model is not TransmitterNeuronSpec t) continue;
            Transmitters ??= new TransmitterNetwork(Spec.Delivery, Spec.SynapseRule) { MaxThreads = Options.Threads };
            _transmitterByName[n.Id] = Transmitters.Add(t);
            ids.Add(n.Id);
        }
        foreach (var l in Spec.Links)
        {
            if (_transmitterByName.TryGetValue(l.From, out int from) && _transmitterByName.TryGetValue(l.To, out int to))
                Transmitters!.Link(from, to);
        }
        if (Transmitters is not null && Options.RecordTransmitterState) TransmitterState = new TransmitterStateMonitor(ids, Transmitters);
    }

    private void BuildGroups()
    {
        foreach (var n in Spec.Neurons)
        {
            if (n.Model is TransmitterNeuronSpec) continue;
            AddGroup(n.Id, 1, n.Model, n.Initial, n.Kind, single: true);
        }
        foreach (var p in Spec.Populations) AddGroup(p.Name, p.Count, p.Model, p.Initial, p.Kind, single: false);
        if (_part is not null) _part.Attach(_groups);
        // The transmitter neurons step after the groups (they share no state with them).
        if (Transmitters is not null)
        {
            if (_part is not null) _heldTransmitters = new HeldTransmitters(Transmitters, _part.Communicator, _part.TransmitterRanks!);
            _transmitterPopulation = new TransmitterPopulation(Transmitters) { Held = _heldTransmitters };
            if (_heldTransmitters is not null) TransmitterState?.RecordHeld(_heldTransmitters.Held.ToArray());
            _populations.Add(_transmitterPopulation);
        }
    }

    private void AddGroup(string name, int count, NeuronModelSpec model, IReadOnlyDictionary<string, DistributionSpec>? initial, NeuronKind kind, bool single)
    {
        int index = _groups.Count;
        // A partitioned run holds only this rank's part of a population (a source population whole: see PartitionState).
        int[]? part = _part?.Part(index, model);
        var g = PopulationFactories.Create(new PopulationArgs(name, index, part?.Length ?? count, model, initial, DtMs));
        if (part is not null) g.SetPart(count, part);
        g.Kind = kind;
        g.IsSingleNeuron = single;
        _groups.Add(g);
        if (g is HodgkinHuxleyGroup { HasTemperatureChanges: true } warmed) _temperatureGroups.Add(warmed);
        _populations.Add(g);
        _groupByName[name] = g;
    }

    /// <summary>The projections of the file, then one per link between single spiking neurons, in file order.</summary>
    private IEnumerable<ProjectionSpec> AllProjections()
    {
        foreach (var p in Spec.Projections) yield return p;
        foreach (var l in Spec.Links)
        {
            if (_transmitterByName.ContainsKey(l.From)) continue;
            var source = _groupByName[l.From];
            yield return new ProjectionSpec
            {
                Name = $"{l.From}->{l.To}", Source = l.From, Target = l.To,
                Receptor = l.Receptor ?? (source.Kind == NeuronKind.Inhibitory ? Receptor.Inhibitory : Receptor.Excitatory),
                Connectivity = new ExplicitConnectivity { Sources = [0], Targets = [0] },
                Weight = DistributionSpec.Constant(l.Weight ?? 1), DelayMs = DistributionSpec.Constant(l.DelayMs ?? 0),
            };
        }
    }

    private void BuildProjections()
    {
        var streams = _build.Fork(1);
        var built = new List<(ProjectionSpec Spec, NeuronGroup Source, NeuronGroup Target, CsrPattern Pattern, float[] Weights, int ConstantDelay, int[]? Delays)>();
        int k = 0;
        foreach (var spec in AllProjections())
        {
            var rng = streams.Fork((ulong)k++);
            var source = _groupByName[spec.Source];
            var target = _groupByName[spec.Target];
            bool recurrent = ReferenceEquals(source, target);
            // Every rule's weights and delays come from streams of each target (and a random rule's synapses too): a
            // partitioned run draws only the synapses onto the targets it holds, and they are the ones one process draws.
            var held = _part?.HeldMap(target.Index);
            var explicitList = spec.Connectivity as ExplicitConnectivity;
            bool drawnDelays = explicitList?.DelaysMs is null && !spec.DelayMs.IsConstant;
            var draws = new SynapseDraws(explicitList?.Weights is null ? spec.Weight : null, rng.Fork(1), drawnDelays ? spec.DelayMs : null, rng.Fork(2), DelaySteps);
            var pattern = ConnectivityBuilder.BuildPattern(spec.Connectivity, source.GlobalCount, target.GlobalCount, recurrent, rng.Fork(0), held, draws, Options.Threads);
            BuildDraws += draws.Draws;
            int m = pattern.SynapseCount;
            var weights = draws.Weights;
            if (explicitList?.Weights is { } ws)
            {
                for (int e = 0; e < m; e++) weights[e] = (float)Math.Max(0, ws[pattern.Origin![e]]);
            }
            int[]? delays = draws.Delays;
            int constantDelay = 0;
            if (explicitList?.DelaysMs is { } ds)
            {
                delays = new int[m];
                for (int e = 0; e < m; e++) delays[e] = DelaySteps(ds[pattern.Origin![e]]);
            }
            else if (!drawnDelays)
            {
                constantDelay = DelaySteps(NeuronGroup.Draw(spec.DelayMs, rng.Fork(2)));
            }
            _part?.NoteProjection(_projections.Count + built.Count, pattern, constantDelay, delays, spec.Stdp is not null);
            built.Add((spec, source, target, pattern, weights, constantDelay, delays));
        }
        // One ring per (population, receptor) fed by per-synapse delays, as deep as the longest of them.
        var depth = new Dictionary<float[], int>(ReferenceEqualityComparer.Instance);
        // (A projection with STDP delivers its delayed spikes itself, when they arrive.)
        foreach (var b in built)
        {
            if (b.Delays is null || b.Spec.Stdp is not null) continue;
            var channel = b.Target.InputChannel(b.Spec.Receptor, b.Spec.Port, b.Spec.Compartment);
            int max = depth.GetValueOrDefault(channel);
            foreach (int d in b.Delays) max = Math.Max(max, d);
            depth[channel] = max;
        }
        foreach (var b in built)
        {
            DelayRing? ring = null;
            if (b.Delays is not null && b.Spec.Stdp is null)
            {
                var channel = b.Target.InputChannel(b.Spec.Receptor, b.Spec.Port, b.Spec.Compartment);
                int index = _ringChannels.FindIndex(r => ReferenceEquals(r.Channel, channel));
                if (index >= 0) ring = _ringChannels[index].Ring;
                else if (depth[channel] > 0)
                {
                    ring = new DelayRing(b.Target.Count, depth[channel]);
                    _rings.Add(ring);
                    _ringChannels.Add((ring, channel));
                }
            }
            _projections.Add(new Projection(b.Spec.DisplayName, b.Source, b.Target, b.Spec.Receptor, b.Pattern, b.Weights, b.ConstantDelay, b.Delays, ring, b.Spec, DtMs));
        }
    }

    private void BuildGapJunctions()
    {
        var streams = _build.Fork(3);
        int k = 0;
        foreach (var spec in Spec.GapJunctions)
            BuildPairs(streams.Fork((ulong)k++), spec.Source, spec.Target, spec.Connectivity, spec.Conductance, 1, null);
        // Graded projections draw from their own branch (adding them changes no gap junction's draws) and come after the
        // gap junctions in the order their currents are added.
        var graded = _build.Fork(4);
        k = 0;
        foreach (var spec in Spec.GradedProjections)
            BuildPairs(graded.Fork((ulong)k++), spec.Source, spec.Target, spec.Connectivity, spec.Weight, (float)spec.Conductance, new GradedKinetics(spec, DtMs));
        _heldGaps?.Finish(); // collective: every rank has the same junction sets
        // A one-step window exchanges spikes every step anyway: v rides with them (collective under all-gathered spikes).
        if (_heldGaps is { Exchanges: true } && _part!.Window == 1) _heldGaps.RideWithSpikes(allGather: _routes is null);
    }

    /// <summary>
    /// The pairs of one gap junction spec (<paramref name="graded"/> null) or graded projection: their connectivity, and per pair
    /// <paramref name="scale"/> x the drawn (or listed) value, a gap junction's conductance or a graded synapse's weight.
    /// </summary>
    private void BuildPairs(RandomStream rng, string sourceName, string targetName, ConnectivitySpec connectivity, DistributionSpec value, float scale, GradedKinetics? graded)
    {
        var source = _groupByName[sourceName];
        var target = _groupByName[targetName];
        var explicitList = connectivity as ExplicitConnectivity;
        // Values are drawn per target as the chemical synapses' weights are: target t's from rng.Fork(1).Fork(t), in the order of its column.
        // A partitioned run draws only the pairs onto the targets it holds (docs/distributed.md, "Gap junctions over ranks").
        var draws = new SynapseDraws(explicitList?.Weights is null ? value : null, rng.Fork(1), null, rng.Fork(2), DelaySteps);
        var held = _part?.HeldMap(target.Index);
        var pattern = ConnectivityBuilder.BuildPattern(connectivity, source.GlobalCount, target.GlobalCount, ReferenceEquals(source, target), rng.Fork(0), held, draws, Options.Threads);
        BuildDraws += draws.Draws;
        int m = pattern.SynapseCount;
        var conductance = draws.Weights;
        if (explicitList?.Weights is { } ws)
        {
            for (int e = 0; e < m; e++) conductance[e] = (float)Math.Max(0, ws[pattern.Origin![e]]);
        }
        if (scale != 1)
        {
            for (int e = 0; e < m; e++) conductance[e] *= scale;
        }
        if (_part is not null)
        {
            _heldGaps ??= new HeldGapJunctions(_part.Communicator, _part.Partition);
            _heldGaps.Add(source, target, pattern, conductance, graded);
            return;
        }
        var pre = new int[m];
        for (int s = 0; s < source.Count; s++)
        {
            for (int e = pattern.RowStart[s]; e < pattern.RowStart[s + 1]; e++) pre[e] = s;
        }
        if (graded is { } law) _gaps.AddGraded(source, target, pre, pattern.Targets, conductance, law);
        else _gaps.Add(source, target, pre, pattern.Targets, conductance);
    }

    /// <summary>A delay in whole steps, at most the engine's step limit (validation refuses longer ones; a normal draw far in its tail stops there).</summary>
    private int DelaySteps(double delayMs) => (int)Math.Min(MaxSteps, Math.Round(Math.Max(0, delayMs) / DtMs));

    private void BuildInputs()
    {
        foreach (var input in Spec.Inputs)
        {
            _inputSlot.Add(input switch { CurrentInputSpec => _currentCount++, PoissonInputSpec => _drives.Count, _ => -1 });
            switch (input)
            {
                case CurrentInputSpec c:
                    var group = _groupByName[c.Target];
                    _currents.Add(group, PartitionState.LocalIndices(group, c.Indices), c, DtMs);
                    break;
                case PoissonInputSpec p:
                    _drives.Add(new PoissonDrive(_groupByName[p.Target], p, DtMs));
                    break;
                case VoltageClampSpec v:
                    var clamped = _groupByName[v.Target];
                    _currents.AddClamp(clamped, clamped.Variable("v") ?? throw new InvalidInputException($"Population \"{v.Target}\" has no membrane potential v for its voltage clamp."),
                        PartitionState.LocalIndices(clamped, v.Indices), v, DtMs);
                    break;
                case TransmitterStimulusSpec s:
                    int neuron = _transmitterByName[s.Target];
                    _stimuli.Add(new TransmitterStimulus(Transmitters!, neuron, s) { Applies = _heldTransmitters?.IsHeld(neuron) ?? true });
                    break;
            }
        }
    }

    private void BuildMonitors()
    {
        var monitors = Spec.Monitors.Count > 0 ? Spec.Monitors : DefaultMonitors();
        foreach (var m in monitors)
        {
            var slice = SliceOf(m.Target);
            int count = slice.Population is NeuronGroup whole ? whole.GlobalCount : slice.Count; // a partitioned run's monitors count the whole population
            switch (m)
            {
                case SpikeMonitorSpec s:
                    _spikeMonitors.Add((new SpikeMonitor(s, count, DtMs), slice));
                    break;
                case StateMonitorSpec s:
                    var monitor = new StateMonitor(s, count);
                    var variables = s.Variables.Select(v => VariableIdOf(slice.Population, m.Target, v)).ToArray();
                    // A partitioned run records the monitored neurons held here (merged later: GatherRecordings).
                    var neurons = _part is null ? slice.Neurons(monitor.Indices) : _part.StateMonitorNeurons((NeuronGroup)slice.Population, monitor.Indices);
                    if (_part is not null) monitor.RecordPart(neurons.Length, holdsMerge: _part.Communicator.Rank == 0); // reserve its own columns only
                    _stateMonitors.Add((monitor, slice.Population, variables, neurons));
                    break;
                case RateMonitorSpec r:
                    _rateMonitors.Add((new RateMonitor(r, count, DtMs), slice));
                    break;
            }
        }
    }

    /// <summary>The neurons a monitor's target names: a whole population, or one transmitter neuron of theirs.</summary>
    private PopulationSlice SliceOf(string target) =>
        _groupByName.TryGetValue(target, out var g) ? new PopulationSlice(g, 0, g.Count)
            : new PopulationSlice(_transmitterPopulation!, _transmitterByName[target], 1);

    private static int VariableIdOf(IPopulation population, string target, string variable)
    {
        int id = population.VariableId(variable);
        return id >= 0 ? id : throw new InvalidInputException($"State monitor of \"{target}\": its model has no variable \"{variable}\".");
    }

    private IEnumerable<MonitorSpec> DefaultMonitors()
    {
        foreach (var n in Spec.Neurons) yield return new SpikeMonitorSpec { Target = n.Id };
        foreach (var p in Spec.Populations) yield return new SpikeMonitorSpec { Target = p.Name };
    }
}
