using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// One graded projection's law (<see cref="GradedProjectionSpec"/>, docs/spiking-graded.md): the current a pair adds to its
/// target from v at the start of the step, and the step of the pair's state s (an exact relaxation with the rates held over the step). Shared by the one-process
/// junctions (<see cref="GapJunctionSet"/>) and a rank's (<see cref="HeldGapJunctions"/>), so both compute the same bits.
/// </summary>
internal readonly struct GradedKinetics
{
    private readonly GradedSynapseKind _kind;
    private readonly float _erev, _vth, _invDelta, _k, _rise, _decay, _dt;

    public GradedKinetics(GradedProjectionSpec spec, double dtMs)
    {
        _kind = spec.Kind;
        _erev = (float)(spec.ErevMv ?? 0);
        _vth = (float)(spec.VthMv ?? 0);
        _invDelta = spec.DeltaMv is { } d ? (float)(1 / d) : 0;
        _k = (float)(spec.KPerMs ?? 0);
        _rise = (float)(spec.RisePerMs ?? 0);
        _decay = (float)(spec.DecayPerMs ?? 0);
        _dt = (float)dtMs;
    }

    /// <summary>The law.</summary>
    public GradedSynapseKind Kind => _kind;

    /// <summary>
    /// The current onto the target of a pair of conductance <paramref name="g"/> (weight x conductance) from the source's
    /// <paramref name="vPre"/> and the target's <paramref name="vPost"/> at the start of the step; then advances the pair's
    /// state <paramref name="s"/> by one step from the same potentials.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Step(float g, ref float s, float vPre, float vPost)
    {
        switch (_kind)
        {
            case GradedSynapseKind.Linear:
                return g * (vPre - vPost);
            case GradedSynapseKind.Sigmoid:
            {
                float current = g * s * (_erev - vPost);
                float inf = 1f / (1f + MathF.Exp((_vth - vPre) * _invDelta));
                float open = 1f - inf;
                // Synapses.xml: ds/dt = (inf - s) / tau, tau = (1 - inf) / k; where 1 - inf < 1e-4 s jumps to inf. With inf and
                // tau held over the step, s relaxes exactly: s + (inf - s) (1 - exp(-dt / tau)), stable however small tau is.
                s = open > 1e-4f ? inf + (s - inf) * MathF.Exp(-_dt * _k / open) : inf;
                return current;
            }
            default:
            {
                float current = g * s * (_erev - vPost);
                float phi = 1f / (1f + MathF.Exp((_vth - vPre) * _invDelta));
                // ds/dt = a_r phi (1 - s) - a_d s = rate (target - s), with phi held over the step: an exact relaxation.
                float rate = _rise * phi + _decay;
                if (rate > 0) s = _rise * phi / rate + (s - _rise * phi / rate) * MathF.Exp(-_dt * rate);
                return current;
            }
        }
    }
}
