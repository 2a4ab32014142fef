namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The memory a network needs, estimated from its spec before anything is allocated, and refused over a
/// <see cref="MemoryBudget"/> with one sentence that names the element and field (population "exc"
/// ($.populations[0].count)), the estimate and the limit. Counts are taken in long: a count past what
/// the engine's int-indexed arrays hold (neurons of a population, synapses of a projection in CSR) is
/// refused as such whatever the budget. See docs/spiking-engine.md ("Memory").
/// </summary>
internal static class NetworkMemory
{
    /// <summary>Bytes per group beyond its arrays (objects, streams, its default spike monitor).</summary>
    private const long GroupOverhead = 1024;

    /// <summary>Checks every part, then the whole, against the budget.</summary>
    /// <param name="spec">A validated network.</param>
    /// <param name="budget">The limit.</param>
    /// <exception cref="InvalidInputException">A part or the whole is over the limit, or a count is past int range.</exception>
    /// <param name="rank">
    /// In a partitioned run, this rank's share (docs/distributed.md): the neurons it holds of each population
    /// (by name; source populations whole) and its rank, for the sentence. Target-sized arrays and synapses are
    /// then counted for the held neurons only (synapses in proportion to the held targets), source-sized ones
    /// whole (a rank draws only its own targets' synapses, so it needs nothing per synapse of the others). Null: the whole network in one process.
    /// </param>
    /// <param name="copies">Engines of the network alive at once (one per thread that builds its own); their sum is checked too.</param>
    public static void Check(NetworkSpec spec, MemoryBudget budget, RankShare? rank = null, int copies = 1)
    {
        var parts = new List<(string Field, long Bytes)>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        long neurons = 0;
        for (int i = 0; i < spec.Neurons.Count; i++)
        {
            var n = spec.Neurons[i];
            counts[n.Id] = 1;
            if (n.Model is TransmitterNeuronSpec) parts.Add((SpecPath.Field(spec, "neurons", i, ""), 4 * GroupOverhead));
            else
            {
                neurons++;
                parts.Add((SpecPath.Field(spec, "neurons", i, ""), MemoryBudget.Plus(GroupOverhead, BytesPerNeuron(n.Model))));
            }
        }
        for (int i = 0; i < spec.Populations.Count; i++)
        {
            var p = spec.Populations[i];
            counts[p.Name] = p.Count;
            neurons += p.Count;
            parts.Add((SpecPath.Field(spec, "populations", i, ".count"), MemoryBudget.Plus(GroupOverhead, MemoryBudget.Times(Held(rank, p.Name, p.Count), BytesPerNeuron(p.Model)))));
        }
        if (neurons > int.MaxValue)
            throw new InvalidInputException($"The network has {neurons} spiking neurons in all, more than the engine counts ({int.MaxValue}); split it into smaller networks.");

        var rings = new Dictionary<(string Target, Receptor Receptor), (long Depth, string Field)>();
        for (int i = 0; i < spec.Projections.Count; i++)
            parts.Add(Projection(spec, i, counts, rings, rank));
        for (int i = 0; i < spec.Links.Count; i++)
        {
            var l = spec.Links[i];
            if (l.DelayMs is null) continue; // (transmitter links and links without delay queue nothing)
            long delay = Steps(l.DelayMs ?? 0, spec.DtMs);
            // A link between spiking neurons is a one-synapse projection with a constant delay: a queue of delay + 1 slots.
            parts.Add((SpecPath.Field(spec, "links", i, ".delayMs"), MemoryBudget.Plus(256, MemoryBudget.Times(delay + 1, 8))));
        }
        for (int i = 0; i < spec.GapJunctions.Count; i++)
        {
            var g = spec.GapJunctions[i];
            long pairs = SynapseCount(g.Connectivity, counts[g.Source], counts[g.Target], string.Equals(g.Source, g.Target, StringComparison.Ordinal));
            string field = SpecPath.Field(spec, "gapJunctions", i, ".connectivity");
            if (pairs > Array.MaxLength)
                throw new InvalidInputException($"{field} would make about {pairs} gap junction pairs, more than one array holds ({Array.MaxLength}); use a sparser rule or smaller populations.");
            // Each pair: its source, target and conductance (int, int, float), plus the CSR rows and the build's list.
            // A rank holds the pairs onto its targets and is sent those from its sources (in proportion to each), each
            // with two slots, two places and a conductance, and its partners' v (docs/distributed.md, "Gap junctions over ranks").
            long share = pairs;
            int perPair = 16;
            if (rank is not null && counts[g.Source] > 0 && counts[g.Target] > 0)
            {
                double fraction = (double)Held(rank, g.Target, counts[g.Target]) / counts[g.Target] + (double)Held(rank, g.Source, counts[g.Source]) / counts[g.Source];
                share = (long)Math.Ceiling(pairs * fraction);
                perPair = 48;
            }
            parts.Add((field, MemoryBudget.Plus(MemoryBudget.Times(share, perPair), MemoryBudget.Times(counts[g.Source] + 1L, sizeof(int)))));
        }
        for (int i = 0; i < spec.GradedProjections.Count; i++)
        {
            var g = spec.GradedProjections[i];
            long pairs = SynapseCount(g.Connectivity, counts[g.Source], counts[g.Target], string.Equals(g.Source, g.Target, StringComparison.Ordinal));
            string field = SpecPath.Field(spec, "gradedProjections", i, ".connectivity");
            if (pairs > Array.MaxLength)
                throw new InvalidInputException($"{field} would make about {pairs} graded synapses, more than one array holds ({Array.MaxLength}); use a sparser rule or smaller populations.");
            // Each pair: its source, target, conductance and state s (int, int, float, float), plus the CSR rows; a rank holds
            // the pairs onto its targets, each with two slots, a place, a conductance and a state.
            long share = pairs;
            int perPair = 20;
            if (rank is not null && counts[g.Target] > 0)
            {
                share = (long)Math.Ceiling(pairs * (double)Held(rank, g.Target, counts[g.Target]) / counts[g.Target]);
                perPair = 48;
            }
            parts.Add((field, MemoryBudget.Plus(MemoryBudget.Times(share, perPair), MemoryBudget.Times(counts[g.Source] + 1L, sizeof(int)))));
        }
        foreach (var ((target, _), (depth, field)) in rings)
            parts.Add((field, MemoryBudget.Times(depth + 1, Held(rank, target, counts[target]), sizeof(float))));
        for (int i = 0; i < spec.Inputs.Count; i++)
        {
            var input = spec.Inputs[i];
            long bytes = input switch
            {
                PoissonInputSpec p => MemoryBudget.Plus(
                    MemoryBudget.Times(PoissonDrive.TableBound(p.SourceCount), sizeof(double), 2), // the table and its list while it grows
                    // per driven entry held here: its position, its neuron and its stream key
                    MemoryBudget.Times(p.Indices?.Count ?? Held(rank, p.Target, counts[p.Target]), 2 * sizeof(int) + sizeof(ulong))),
                CurrentInputSpec c => MemoryBudget.Times(c.Indices?.Count ?? 0, sizeof(int)),
                _ => 256,
            };
            string field = input is PoissonInputSpec ? ".sourceCount" : "";
            parts.Add((SpecPath.Field(spec, "inputs", i, field), bytes));
        }
        for (int i = 0; i < spec.Monitors.Count; i++)
        {
            var m = spec.Monitors[i];
            long bytes = m switch
            {
                SpikeMonitorSpec { Indices: not null } => counts[m.Target],
                StateMonitorSpec s => MemoryBudget.Times(s.Indices?.Count ?? counts[m.Target], sizeof(int)),
                _ => 256,
            };
            parts.Add((SpecPath.Field(spec, "monitors", i, ""), bytes));
        }

        long total = 0;
        string largest = "the network";
        long largestBytes = -1;
        string on = rank is null ? "" : $" on rank {rank.Rank} of {rank.Ranks}";
        foreach (var (field, bytes) in parts)
        {
            budget.Require(field + on, bytes);
            total = MemoryBudget.Plus(total, bytes);
            if (bytes > largestBytes) (largest, largestBytes) = (field, bytes);
        }
        string whole = rank is null ? "The network" : $"The network's part on rank {rank.Rank} of {rank.Ranks}";
        budget.Require($"{whole} (its largest part: {largest}, about {MemoryBudget.FormatBytes(largestBytes)})", total);
        if (copies > 1)
            budget.Require($"{copies} copies of the network at once, one per thread (each about {MemoryBudget.FormatBytes(total)}; its largest part: {largest})", MemoryBudget.Times(total, copies));
    }

    /// <summary>What one rank of a partitioned run holds: its rank, the job's size, and its neurons of each population by name.</summary>
    /// <param name="Rank">The rank.</param>
    /// <param name="Ranks">Ranks in the job.</param>
    /// <param name="Neurons">Neurons held of each population (source populations whole).</param>
    public sealed record RankShare(int Rank, int Ranks, IReadOnlyDictionary<string, long> Neurons);

    private static long Held(RankShare? rank, string population, long count) =>
        rank is not null && rank.Neurons.TryGetValue(population, out long held) ? held : count;

    /// <summary>
    /// The memory of the monitors that record every sample of a run of <paramref name="steps"/> more steps
    /// (state monitors, and the transmitter neurons' state), refused over the budget before it is reserved.
    /// Spike monitors are not counted: what they hold depends on how often the neurons fire.
    /// </summary>
    public static void CheckRun(SpikingEngine engine, long steps, MemoryBudget budget)
    {
        var monitors = engine.Spec.Monitors;
        int k = 0;
        long total = 0;
        string largest = "";
        long largestBytes = -1;
        foreach (var m in engine.StateMonitors)
        {
            long samples = MemoryBudget.Plus(m.SampleCount, steps / m.Spec.EverySteps + 1);
            // A rank of a partitioned run records its own columns; rank 0 also holds the merged copy after the run.
            long bytes = MemoryBudget.Plus(MemoryBudget.Times(samples, m.CheckedColumns, m.Variables.Count, sizeof(float)), MemoryBudget.Times(samples, sizeof(int)));
            int index = IndexOf(monitors, m.Spec, ref k);
            string field = index >= 0 ? $"{SpecPath.Field(engine.Spec, "monitors", index, "")} over {steps} steps" : $"The state monitor of \"{m.Target}\" over {steps} steps";
            budget.Require(field, bytes);
            total = MemoryBudget.Plus(total, bytes);
            if (bytes > largestBytes) (largest, largestBytes) = (field, bytes);
        }
        if (engine.TransmitterState is { } t)
        {
            long samples = MemoryBudget.Plus(t.SampleCount, steps);
            long bytes = MemoryBudget.Plus(MemoryBudget.Times(samples, t.NeuronIds.Count, TransmitterStateMonitor.Width, sizeof(double)), MemoryBudget.Times(samples, sizeof(int)));
            string field = $"The state of the {t.NeuronIds.Count} transmitter neurons over {steps} steps";
            budget.Require(field, bytes);
            total = MemoryBudget.Plus(total, bytes);
            if (bytes > largestBytes) (largest, largestBytes) = (field, bytes);
        }
        if (largestBytes >= 0) budget.Require($"The monitors (the largest: {largest})", total);
    }

    private static int IndexOf(IReadOnlyList<MonitorSpec> monitors, MonitorSpec spec, ref int from)
    {
        for (int i = from; i < monitors.Count; i++)
        {
            if (ReferenceEquals(monitors[i], spec))
            {
                from = i + 1;
                return i;
            }
        }
        return -1;
    }

    /// <summary>The arrays of one neuron: its model's state, input channels, the spike list and its scratch.</summary>
    private static long BytesPerNeuron(NeuronModelSpec model)
    {
        const long input = 3 * sizeof(float); // ge, gi, current
        const long spikes = 2 * sizeof(int); // this step's spikes and the parallel scratch
        return model switch
        {
            LifNeuronSpec m => input + spikes + 8 + (m.AdaptiveThreshold is null ? 0 : 12) + (m.RiseExcMs > 0 || m.RiseInhMs > 0 ? 4 : 0) + (m.RiseExcMs > 0 ? 4 : 0) + (m.RiseInhMs > 0 ? 4 : 0),
            ConductanceLifNeuronSpec m => input + spikes + 8 + (m.AdaptiveThreshold is null ? 0 : 12) + (m.RiseExcMs > 0 ? 4 : 0) + (m.RiseInhMs > 0 ? 4 : 0)
                + m.Ports.Sum(p => p.RiseMs > 0 ? 8L : 4L), // each port's g (and rise state)
            IzhikevichNeuronSpec => input + spikes + 12,
            AdExNeuronSpec m => input + spikes + 12 + (m.RiseExcMs > 0 ? 4 : 0) + (m.RiseInhMs > 0 ? 4 : 0),
            Izhikevich2007NeuronSpec m => input + spikes + 8 + (m.RiseExcMs > 0 ? 4 : 0) + (m.RiseInhMs > 0 ? 4 : 0)
                + m.Ports.Sum(p => p.RiseMs > 0 ? 8L : 4L), // each port's g (and rise state)
            GlifNeuronSpec m => input + spikes + 4 * (7 + m.AscCount + 4 * m.SynapseTausMs.Count),
            GifNeuronSpec m => input + spikes + 4 * (4 + m.EtaTausMs.Count + m.GammaTausMs.Count), // v, eta, vt, last spike and the kernels' terms
            PoissonSourceSpec => spikes + 12,
            _ => input + spikes + 16,
        };
    }

    /// <summary>Delay steps as the engine rounds them, in long.</summary>
    private static long Steps(double delayMs, double dtMs) => (long)Math.Min(NetworkSpec.MaxSteps, Math.Round(Math.Max(0, delayMs) / dtMs));

    /// <summary>The synapses of a projection (expected count for fixedProbability), in long.</summary>
    internal static long SynapseCount(ConnectivitySpec c, long sources, long targets, bool recurrent) => c switch
    {
        AllToAllConnectivity a => sources * targets - (recurrent && !a.AllowSelf ? Math.Min(sources, targets) : 0),
        FixedProbabilityConnectivity f => (long)Math.Ceiling(Math.Min(sources * (double)targets, sources * (double)targets * f.Probability * 1.1 + 16)),
        FixedInDegreeConnectivity k => targets * k.InDegree,
        OneToOneConnectivity => sources,
        ExplicitConnectivity e => e.Sources.Count,
        _ => 0,
    };

    private static (string Field, long Bytes) Projection(NetworkSpec spec, int i, Dictionary<string, int> counts,
        Dictionary<(string, Receptor), (long Depth, string Field)> rings, RankShare? rank)
    {
        var p = spec.Projections[i];
        long sources = counts[p.Source], targets = counts[p.Target];
        bool recurrent = string.Equals(p.Source, p.Target, StringComparison.Ordinal);
        long synapses = SynapseCount(p.Connectivity, sources, targets, recurrent);
        long heldTargets = Held(rank, p.Target, targets);
        // A rank holds the synapses onto its targets: in proportion to them (every rule spreads a projection's synapses evenly over its targets on average).
        long heldSynapses = rank is null || targets == 0 ? synapses : (long)Math.Ceiling(synapses * (double)heldTargets / targets);
        string connectivity = SpecPath.Field(spec, "projections", i, ".connectivity");
        // CSR row starts and targets are int arrays.
        long most = Array.MaxLength;
        if (synapses > most)
            throw new InvalidInputException(
                $"{connectivity} would make about {synapses} synapses ({sources} x {targets} neurons), more than the {most} one projection can hold (its synapses are indexed with int); use a sparser rule or smaller populations.");
        var explicitList = p.Connectivity as ExplicitConnectivity;
        bool perSynapseDelays = explicitList?.DelaysMs is not null || !p.DelayMs.IsConstant;
        bool columns = p.Stdp is not null || p.Normalization is not null;
        long perSynapse = 12 // targets, weights, initial weights
            + (explicitList is null ? 0 : 4) // the list position of each synapse
            + (perSynapseDelays ? 4 : 0)
            + (columns ? 8 : 0) // incoming lists for STDP and normalisation
            + (perSynapseDelays && p.Stdp is not null ? 4 : 0)
            + (p.ShortTermPlasticity is { Sites: > 0 } ? 4 : 0); // stochastic short-term plasticity: full sites per synapse
        // Row starts, and each row's next free place while the columns are stored; short-term: u, x, last spike, one step's factors.
        long perSource = 8 + (p.Stdp is null ? 0 : 4) + (p.ShortTermPlasticity is null ? 0 : 16);
        long perTarget = (columns ? 4 : 0) + (p.Stdp is null ? 0 : 8);
        long maxDelay = explicitList?.DelaysMs is { Count: > 0 } listed ? Steps(listed.Max(), spec.DtMs) : Steps(NetworkSpec.Largest(p.DelayMs), spec.DtMs);
        long queue = 0;
        if (maxDelay > 0)
        {
            // Delay queues and rings hold (delay + 1) x neurons entries in one int-indexed array.
            long entries = MemoryBudget.Times(maxDelay + 1, perSynapseDelays && p.Stdp is null ? targets : sources);
            if (entries > Array.MaxLength)
                throw new InvalidInputException(
                    $"{SpecPath.Field(spec, "projections", i, ".delayMs")} reaches {maxDelay} steps of {SpecPath.Number(spec.DtMs)} ms; its delay queue of (steps + 1) x neurons = {entries} entries is more than one array holds ({Array.MaxLength}); use shorter delays or a larger dtMs.");
        }
        if (!perSynapseDelays && maxDelay > 0)
            queue = MemoryBudget.Times(maxDelay + 1, sources + 1, sizeof(int)); // the spikes waiting for the constant delay, and their counts
        else if (perSynapseDelays && p.Stdp is not null)
            queue = MemoryBudget.Times(maxDelay + 1, sources, 3 * sizeof(int) + (p.ShortTermPlasticity is null ? 0 : 4));
        else if (perSynapseDelays)
        {
            // One ring per (target, receptor), as deep as the longest delay into it (counted once, below).
            var key = (p.Target, p.Receptor);
            if (!rings.TryGetValue(key, out var ring) || maxDelay > ring.Depth)
                rings[key] = (maxDelay, SpecPath.Field(spec, "projections", i, ".delayMs"));
        }
        long bytes = MemoryBudget.Plus(
            MemoryBudget.Times(heldSynapses, perSynapse),
            MemoryBudget.Times(sources + 1, perSource),
            MemoryBudget.Times(heldTargets + 1, perTarget),
            queue);
        string field = queue > bytes / 2 ? SpecPath.Field(spec, "projections", i, ".delayMs") : connectivity;
        return (field, bytes);
    }
}
