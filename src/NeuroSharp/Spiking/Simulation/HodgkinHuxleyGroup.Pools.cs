using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The concentration pools of compartment rows (docs/spiking-multicompartment.md, "Ion concentrations"): each row holds its own
/// concentration of each pooled ion, fed by that row's current of the ion; the pool's constants come from the morphology entry
/// whose group holds the row's compartment, with that compartment's area in kappa. A row in no entry of an ion keeps the ion's
/// concentration at its start (C_rest 0, kappa 0, no decay: C' = C bit for bit).
/// <code>
/// C' = C_inf + (C - C_inf) exp(-dt / tau_i),  C_inf = C_rest,i + tau_i kappa_i I_ion,   C' &gt;= 0      (row i, its compartment's numbers)
/// </code>
/// The same arithmetic as a point neuron's pool, with per-row operands, so a compartment and a point neuron of equal numbers step
/// their pools alike.
/// </summary>
internal sealed partial class HodgkinHuxleyGroup
{
    /// <summary>Per pool, per row: C_rest (mM), tau kappa (mM per pA), exp(-dt / tau), and the start (mM); null: a point-neuron population or no pools.</summary>
    private float[][]? _rowPools;

    /// <summary>The layout of <see cref="_rowPools"/>: four arrays per pool.</summary>
    private const int RowPoolArrays = 4;

    /// <summary>Each pool's constants per row from the morphology's concentrations (compartment rows with pools only).</summary>
    private void SetRowPools(HodgkinHuxleyNeuronSpec spec, double dtMs)
    {
        if (_compartments == 0 || _poolIons.Length == 0 || spec.Morphology is not { Concentrations.Count: > 0 } morphology) return;
        int k = _compartments;
        _rowPools ??= new float[_poolIons.Length * RowPoolArrays][];
        for (int j = 0; j < _poolIons.Length; j++)
        {
            var entry = CompartmentPools.EntryOf(morphology, _poolIons[j]);
            double start = spec.Pools[j].InitialMm;
            var perCompartment = new (float Resting, float TauKappa, float Decay, float Initial)[k];
            for (int c = 0; c < k; c++)
            {
                if (entry[c] < 0)
                {
                    // C stays at its start, whatever sets it (this entry or the population's "initial"): C_rest 0 and tau kappa 0 make
                    // C_inf 0, so C' = (C - 0) x 1 + 0 = C exactly.
                    perCompartment[c] = (0f, 0f, 1f, (float)start);
                    continue;
                }
                var pool = morphology.Concentrations[entry[c]].On(morphology.Compartments[c]);
                perCompartment[c] = ((float)pool.RestingMm, (float)(pool.DecayMs * pool.MmPerMsPerPa), (float)Math.Exp(-dtMs / pool.DecayMs), (float)Math.Max(0, pool.InitialMm));
            }
            for (int a = 0; a < RowPoolArrays; a++)
            {
                if (_rowPools[j * RowPoolArrays + a]?.Length != Count) _rowPools[j * RowPoolArrays + a] = new float[Count];
            }
            var resting = _rowPools[j * RowPoolArrays];
            var tauKappa = _rowPools[j * RowPoolArrays + 1];
            var decay = _rowPools[j * RowPoolArrays + 2];
            var initial = _rowPools[j * RowPoolArrays + 3];
            for (int r = 0; r < Count; r++)
            {
                var p = perCompartment[r % k];
                resting[r] = p.Resting;
                tauKappa[r] = p.TauKappa;
                decay[r] = p.Decay;
                initial[r] = p.Initial;
            }
        }
    }

    /// <summary>Each row's pools at their compartment's initialMm (after the point neuron's fill, which a compartment row does not use).</summary>
    private void InitializeRowPools()
    {
        if (_rowPools is null) return;
        for (int j = 0; j < _concentrations.Length; j++) _rowPools[j * RowPoolArrays + 3].CopyTo(_concentrations[j], 0);
    }

    /// <summary>
    /// Pool <paramref name="k"/> of the rows at <paramref name="s"/>: C' = C_inf + (C - C_inf) decay, C_inf = C_rest + tau kappa I, never
    /// below 0, each operand the row's own (<paramref name="current"/> holds I_ion and is overwritten; <paramref name="scratch"/> too).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepRowPool(int k, int s, int len, Span<float> current, Span<float> scratch)
    {
        var rows = _rowPools!;
        var conc = _concentrations[k].AsSpan(s, len);
        TensorPrimitives.Multiply(current, rows[k * RowPoolArrays + 1].AsSpan(s, len), current);
        TensorPrimitives.Add(current, rows[k * RowPoolArrays].AsSpan(s, len), current);        // C_inf
        TensorPrimitives.Subtract(conc, current, scratch);
        TensorPrimitives.MultiplyAdd(scratch, rows[k * RowPoolArrays + 2].AsSpan(s, len), current, conc);
        TensorPrimitives.Max(conc, 0f, conc);
    }
}
