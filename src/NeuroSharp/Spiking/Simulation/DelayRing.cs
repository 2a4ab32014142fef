using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Input that is on its way to one channel of a population: slot (step mod slots) holds what arrives
/// at that step. Projections with per-synapse delays add into the future slot at emission; the slot
/// due now is added to the channel and cleared in the Deliver phase.
/// </summary>
internal sealed class DelayRing
{
    private readonly float[] _buffer;
    private readonly int _count;

    public DelayRing(int count, int maxDelaySteps)
    {
        _count = count;
        Slots = maxDelaySteps + 1;
        _buffer = new float[checked(Slots * count)];
    }

    public int Slots { get; }

    public void Add(int step, int delaySteps, int target, float weight) =>
        _buffer[(int)((step + (long)delaySteps) % Slots) * _count + target] += weight;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Drain(int step, float[] channel)
    {
        var slot = _buffer.AsSpan(step % Slots * _count, _count);
        TensorPrimitives.Add(channel, slot, channel);
        slot.Clear();
    }

    public void Clear() => Array.Clear(_buffer);
}
