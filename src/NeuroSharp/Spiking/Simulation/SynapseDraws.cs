using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// A projection's random weights and per-synapse delays, drawn while its pattern is stored, under every connectivity
/// rule: the synapses of target t take their values from <c>weights.Fork(t)</c> and <c>delays.Fork(t)</c> in the order
/// of t's column, so a value depends on the target and the synapse's place among its incoming synapses, never on which
/// rank draws it, and a rank makes only its own targets' draws.
/// </summary>
/// <param name="weight">The weight distribution; null when the weights come from elsewhere (an explicit list's own), left 0 here.</param>
/// <param name="weightStreams">The projection's weight stream (forked per target).</param>
/// <param name="delay">The delay distribution when it varies per synapse; null for a constant delay or an explicit list's.</param>
/// <param name="delayStreams">The projection's delay stream (forked per target).</param>
/// <param name="delaySteps">A drawn delay in ms to whole steps.</param>
internal sealed class SynapseDraws(DistributionSpec? weight, RandomStream weightStreams, DistributionSpec? delay, RandomStream delayStreams,
    Func<double, int> delaySteps) : ISynapseValues
{
    private readonly bool _drawsWeights = weight is { IsConstant: false };
    private readonly float _constantWeight = weight is { IsConstant: true } ? (float)Math.Max(0, NeuronGroup.Draw(weight, weightStreams)) : 0f; // draws nothing that varies
    private long _draws;

    /// <summary>One weight per stored synapse (clipped at 0: weights are magnitudes).</summary>
    public float[] Weights { get; private set; } = [];

    /// <summary>One delay in steps per stored synapse, or null when the delay is not drawn per synapse.</summary>
    public int[]? Delays { get; private set; }

    /// <summary>Random draws made (one per drawn weight and per drawn delay): a rank's count is its own targets' synapses', whatever the rule.</summary>
    public long Draws => Interlocked.Read(ref _draws);

    public void Allocate(int count)
    {
        Weights = new float[count];
        if (_constantWeight != 0) Array.Fill(Weights, _constantWeight);
        if (delay is not null) Delays = new int[count];
    }

    public void Store(int target, ReadOnlySpan<int> positions, RandomStream scratch)
    {
        if (positions.IsEmpty) return;
        if (_drawsWeights)
        {
            weightStreams.ForkInto((ulong)target, scratch);
            foreach (int at in positions) Weights[at] = (float)Math.Max(0, NeuronGroup.Draw(weight!, scratch));
            Interlocked.Add(ref _draws, positions.Length);
        }
        if (delay is not null)
        {
            delayStreams.ForkInto((ulong)target, scratch);
            foreach (int at in positions) Delays![at] = delaySteps(NeuronGroup.Draw(delay, scratch));
            Interlocked.Add(ref _draws, positions.Length);
        }
    }
}
