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

    /// <summary>Below this many targets a drain adds in a plain loop.</summary>
    private const int SmallCount = 16;

    public DelayRing(int count, int maxDelaySteps)
    {
        _count = count;
        Slots = maxDelaySteps + 1;
        _buffer = new float[checked(Slots * count)];
    }

    public int Slots { get; }

    /// <summary>The weights in flight, slot by slot (<see cref="VisitState"/>'s array), for a device backend at a checkpoint.</summary>
    internal float[] Contents => _buffer;

    public void Add(int step, int delaySteps, int target, float weight) =>
        _buffer[(int)((step + (long)delaySteps) % Slots) * _count + target] += weight;

    /// <summary>The slot of <paramref name="step"/> (0 or more), for <see cref="AddAt"/>: one division per step instead of one per synapse.</summary>
    public int SlotOf(int step) => step % Slots;

    /// <summary><see cref="Add"/> for a step whose slot is <paramref name="slot"/> (<see cref="SlotOf"/>) and a delay of at
    /// most the ring's longest: the same element, (slot + delay) wrapped once, without a division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddAt(int slot, int delaySteps, int target, float weight)
    {
        int s = slot + delaySteps;
        if (s >= Slots) s -= Slots;
        _buffer[s * _count + target] += weight;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Drain(int step, float[] channel)
    {
        var slot = _buffer.AsSpan(step % Slots * _count, _count);
        if (_count < SmallCount)
        {
            // A few targets (a controller's motor neurons): the library call costs more than the adds (the same bits).
            for (int i = 0; i < slot.Length; i++)
            {
                channel[i] += slot[i];
                slot[i] = 0;
            }
            return;
        }
        TensorPrimitives.Add(channel, slot, channel);
        slot.Clear();
    }

    public void Clear() => Array.Clear(_buffer);

    /// <summary>Visits the weights in flight, slot by slot (slot s holds what arrives at the steps s mod Slots), for a checkpoint.</summary>
    public void VisitState(StateVisitor visitor) => visitor.Values("buffer", _buffer.AsSpan());
}
