using System.Runtime.Intrinsics;
using NeuroSharp.Numerics.Kernels;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Tests.Spiking;

/// <summary>Scalar twins (docs/design.md#scalar-twins): each vector neuron kernel equals its scalar twin bit for bit, on awkward lengths and mid-array slices.</summary>
public class NeuronKernelTwinTests
{
    public static TheoryData<int, int, bool> Shapes()
    {
        var data = new TheoryData<int, int, bool>();
        int w = Vector256<float>.Count;
        foreach (int length in new[] { 0, 1, w - 1, w, w + 1, 1001 })
        {
            foreach (int offset in new[] { 0, 3 })
            {
                data.Add(length, offset, false);
                data.Add(length, offset, true);
            }
        }
        return data;
    }

    private sealed class State
    {
        public float[] V = [], Ge = [], Gi = [], Current = [], Theta = [];
        public int[] Last = [];

        public static State Random(int size, ulong seed)
        {
            var rng = new RandomStream(seed);
            var s = new State { V = new float[size], Ge = new float[size], Gi = new float[size], Current = new float[size], Theta = new float[size], Last = new int[size] };
            rng.FillUniform(s.V, -75, -45);
            rng.FillUniform(s.Ge, 0, 3);
            rng.FillUniform(s.Gi, 0, 8);
            rng.FillUniform(s.Current, -5, 25);
            rng.FillUniform(s.Theta, 0, 2);
            for (int i = 0; i < size; i++) s.Last[i] = rng.NextBernoulli(0.3) ? 95 + rng.NextInt(10) : int.MinValue / 2;
            return s;
        }

        public State Clone() => new()
        {
            V = (float[])V.Clone(), Ge = (float[])Ge.Clone(), Gi = (float[])Gi.Clone(), Current = (float[])Current.Clone(),
            Theta = (float[])Theta.Clone(), Last = (int[])Last.Clone(),
        };
    }

    private delegate int Kernel(Span<float> v, Span<float> ge, Span<float> gi, ReadOnlySpan<float> current, ReadOnlySpan<int> last,
        Span<float> theta, in LifConstants k, int step, Span<int> spiked, int indexOffset);

    private static void Twin(Kernel fast, Kernel slow, LifConstants k, int length, int offset, bool adaptive)
    {
        var a = State.Random(length + offset, (ulong)(length * 31 + offset));
        var b = a.Clone();
        var sa = new int[length];
        var sb = new int[length];
        Span<float> Theta(State s) => adaptive ? s.Theta.AsSpan(offset, length) : Span<float>.Empty;
        int na = fast(a.V.AsSpan(offset, length), a.Ge.AsSpan(offset, length), a.Gi.AsSpan(offset, length), a.Current.AsSpan(offset, length),
            a.Last.AsSpan(offset, length), Theta(a), k, 100, sa, 7);
        int nb = slow(b.V.AsSpan(offset, length), b.Ge.AsSpan(offset, length), b.Gi.AsSpan(offset, length), b.Current.AsSpan(offset, length),
            b.Last.AsSpan(offset, length), Theta(b), k, 100, sb, 7);
        Assert.Equal(nb, na);
        Assert.Equal(sb[..nb], sa[..na]);
        Assert.Equal(b.V, a.V);
        Assert.Equal(b.Ge, a.Ge);
        Assert.Equal(b.Gi, a.Gi);
        Assert.Equal(b.Theta, a.Theta);
        if (length > 100) Assert.InRange(na, 1, length - 1); // the random state straddles the threshold
    }

    private static readonly LifConstants Current = new(Em: 0.995f, Ce: 0.004f, Ci: 0.0045f, De: 0.98f, Di: 0.99f, Rest: -49, Threshold: -50, RefractorySteps: 5, ThetaDecay: 0.999f);

    private static readonly LifConstants Conductance = new(Em: 0, Ce: 0, Ci: 0, De: 0.98f, Di: 0.99f, Rest: -60, Threshold: -50, RefractorySteps: 5, ThetaDecay: 0.999f,
        MinusDtOverTauM: -0.005f, ExcReversal: 0, InhReversal: -80);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void LifCurrentStep_VectorEqualsScalarTwin(int length, int offset, bool adaptive) =>
        Twin(NeuronKernels.LifCurrentStep, ScalarNeuronKernels.LifCurrentStep, Current, length, offset, adaptive);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void LifConductanceStep_VectorEqualsScalarTwin(int length, int offset, bool adaptive) =>
        Twin(NeuronKernels.LifConductanceStep, ScalarNeuronKernels.LifConductanceStep, Conductance, length, offset, adaptive);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void LifConductanceSumStep_VectorEqualsScalarTwin_AndEqualsConductanceStepOnTheSameSums(int length, int offset, bool adaptive)
    {
        // total = 1 + g_e + g_i and drive = E_L + g_e E_e + g_i E_i + I, summed in LifConductanceStep's order: its v, theta and spikes to the bit.
        var a = State.Random(length + offset, (ulong)(length * 31 + offset));
        var b = a.Clone();
        var c = a.Clone();
        var before = a.Clone();
        var k = Conductance;
        var total = new float[length + offset];
        var drive = new float[length + offset];
        for (int i = 0; i < total.Length; i++)
        {
            total[i] = 1f + a.Ge[i] + a.Gi[i];
            drive[i] = k.Rest + a.Ge[i] * k.ExcReversal + a.Gi[i] * k.InhReversal + a.Current[i];
        }
        var (sa, sb, sc) = (new int[length], new int[length], new int[length]);
        Span<float> Theta(State s) => adaptive ? s.Theta.AsSpan(offset, length) : Span<float>.Empty;
        int na = NeuronKernels.LifConductanceSumStep(a.V.AsSpan(offset, length), total.AsSpan(offset, length), drive.AsSpan(offset, length),
            a.Last.AsSpan(offset, length), Theta(a), k, 100, sa, 7);
        int nb = ScalarNeuronKernels.LifConductanceSumStep(b.V.AsSpan(offset, length), total.AsSpan(offset, length), drive.AsSpan(offset, length),
            b.Last.AsSpan(offset, length), Theta(b), k, 100, sb, 7);
        int nc = NeuronKernels.LifConductanceStep(c.V.AsSpan(offset, length), c.Ge.AsSpan(offset, length), c.Gi.AsSpan(offset, length),
            c.Current.AsSpan(offset, length), c.Last.AsSpan(offset, length), Theta(c), k, 100, sc, 7);
        Assert.Equal(nb, na);
        Assert.Equal(sb[..nb], sa[..na]);
        Assert.Equal(b.V, a.V);
        Assert.Equal(b.Theta, a.Theta);
        Assert.Equal(nc, na);
        Assert.Equal(sc[..nc], sa[..na]);
        Assert.Equal(c.V, a.V);
        Assert.Equal(c.Theta, a.Theta);
        Assert.Equal(before.Ge, a.Ge); // the conductances are the caller's to decay: untouched
        Assert.Equal(before.Gi, a.Gi);
        if (length > 100) Assert.InRange(na, 1, length - 1);
    }

    [Fact]
    public void FloatMathExp_WithinThreeUlpOfMathExp_AndVectorEqualsScalar()
    {
        // Cephes' expf is accurate to about 2 ulp; 3e-7 relative is the bound checked here.
        var xs = new float[8];
        for (float x = -87f; x <= 88f; x += 0.01371f)
        {
            float e = FloatMath.Exp(x);
            double exact = Math.Exp(x);
            Assert.True(Math.Abs(e - exact) <= 3e-7 * exact, $"exp({x}) = {e}, exact {exact}");
        }
        var rng = new RandomStream(1);
        for (int k = 0; k < 1000; k++)
        {
            rng.FillUniform(xs, -20, 5);
            var v = FloatMath.Exp(Vector256.Create(xs));
            for (int lane = 0; lane < 8; lane++) Assert.Equal(FloatMath.Exp(xs[lane]), v[lane]);
        }
    }

    [Fact]
    public void Kernels_ShortSpikeBuffer_Throw()
    {
        var s = State.Random(16, 1);
        Assert.Throws<ArgumentException>(() =>
            NeuronKernels.LifCurrentStep(s.V, s.Ge, s.Gi, s.Current, s.Last, Span<float>.Empty, Current, 0, new int[8], 0));
    }
}
