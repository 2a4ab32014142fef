using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuroSharp.Spiking.Equations;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>An instruction of an <see cref="EquationProgram"/>: dst = a op b over one chunk of neurons.</summary>
internal enum VectorOp : byte
{
    Fill, FillTime, Copy, Add, Subtract, Multiply, Divide, Power, Min, Max,
    Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual, And, Or, Not, Negate,
    Exp, Log, Sqrt, Abs, Sin, Cos, Tanh,

    /// <summary>dst = a × scalar + b (an integrator's update).</summary>
    MultiplyAdd,

    /// <summary>dst = b where a is not 0, else dst unchanged (a LEMS ConditionalDerivedVariable's case; the equations model does not emit it).</summary>
    Select,
}

/// <summary>
/// One instruction. Locations: a register (>= 0, a row of the chunk's scratch) or an array of the population (&lt; 0: array ~loc,
/// read at the chunk's offset). <see cref="Form"/>: 0 both operands vectors, 1 b is the scalar, 2 a is the scalar.
/// </summary>
/// <remarks><see cref="Scalar"/> is kept in double: <see cref="EquationProgram.Run"/> and the compiled kernel round it to float (the value
/// the equations model always used), <see cref="EquationProgram.RunDouble"/> reads it whole.</remarks>
internal readonly record struct VectorInstruction(VectorOp Op, int Dst, int A, int B, double Scalar, byte Form);

/// <summary>
/// A straight-line program of vector instructions compiled from an equations model's expressions
/// (docs/spiking-equations.md, "How it runs"): it runs over a chunk of up to <see cref="Chunk"/> neurons, each instruction
/// one pass over float spans (TensorPrimitives where it has the operation), with constants folded and parameters as scalars.
/// </summary>
internal sealed class EquationProgram
{
    /// <summary>The neurons one pass covers.</summary>
    public const int Chunk = 256;

    public EquationProgram(VectorInstruction[] code, int registers)
    {
        Code = code;
        Registers = registers;
    }

    public VectorInstruction[] Code { get; }

    /// <summary>The registers it needs (the highest register index + 1).</summary>
    public int Registers { get; }

    /// <summary>The compiled program (<see cref="EquationKernel"/>), or null: <see cref="Run"/> interprets.</summary>
    public EquationKernelBody? Kernel { get; private set; }

    /// <summary>
    /// Compiles the program into one fused loop where <see cref="EquationKernel.Enabled"/> (else keeps interpreting).
    /// </summary>
    /// <param name="liveOut">The registers the caller reads after a run (the threshold's mask, the reset's states).</param>
    /// <returns>This program.</returns>
    public EquationProgram Compile(IReadOnlyCollection<int> liveOut)
    {
        Kernel = EquationKernel.TryCompile(this, liveOut);
        return this;
    }

    /// <summary>Runs the program over neurons [offset, offset + length) of the arrays: compiled where it is, else interpreted.</summary>
    /// <param name="regs">The scratch, <see cref="Chunk"/> floats per register.</param>
    /// <param name="arrays">The population's arrays that locations &lt; 0 name.</param>
    /// <param name="offset">The first neuron.</param>
    /// <param name="length">The neurons, at most <see cref="Chunk"/>.</param>
    /// <param name="t">The time t in ms (for FillTime).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Run(float[] regs, float[][] arrays, int offset, int length, float t)
    {
        if (Kernel is { } kernel && length >= EquationKernel.MinimumLength) kernel(regs, arrays, offset, length, t);
        else Interpret(regs, arrays, offset, length, t);
    }

    /// <summary>Interprets the program over neurons [offset, offset + length): one pass over the chunk per instruction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Interpret(float[] regs, float[][] arrays, int offset, int length, float t)
    {
        foreach (ref readonly var ins in Code.AsSpan())
        {
            var d = Span(ins.Dst, regs, arrays, offset, length);
            switch (ins.Op)
            {
                case VectorOp.Fill:
                    d.Fill((float)ins.Scalar);
                    continue;
                case VectorOp.FillTime:
                    d.Fill(t + (float)ins.Scalar);
                    continue;
            }
            ReadOnlySpan<float> a = ins.Form == 2 ? default : Span(ins.A, regs, arrays, offset, length);
            ReadOnlySpan<float> b = ins.Form != 0 || ins.B == int.MinValue || ins.Op == VectorOp.MultiplyAdd ? default : Span(ins.B, regs, arrays, offset, length);
            float s = (float)ins.Scalar;
            switch (ins.Op)
            {
                case VectorOp.Copy: a.CopyTo(d); break;
                case VectorOp.MultiplyAdd: TensorPrimitives.MultiplyAdd(a, s, Span(ins.B, regs, arrays, offset, length), d); break;
                case VectorOp.Negate: TensorPrimitives.Negate(a, d); break;
                case VectorOp.Exp: TensorPrimitives.Exp(a, d); break;
                case VectorOp.Log: TensorPrimitives.Log(a, d); break;
                case VectorOp.Sqrt: TensorPrimitives.Sqrt(a, d); break;
                case VectorOp.Abs: TensorPrimitives.Abs(a, d); break;
                case VectorOp.Sin: TensorPrimitives.Sin(a, d); break;
                case VectorOp.Cos: TensorPrimitives.Cos(a, d); break;
                case VectorOp.Tanh: TensorPrimitives.Tanh(a, d); break;
                case VectorOp.Select: Select(a, b, d); break;
                case VectorOp.Not: Compare(VectorOp.Equal, a, default, 0f, 1, d); break;
                case VectorOp.Add:
                    if (ins.Form == 0) TensorPrimitives.Add(a, b, d);
                    else if (ins.Form == 1) TensorPrimitives.Add(a, s, d);
                    else TensorPrimitives.Add(Span(ins.B, regs, arrays, offset, length), s, d);
                    break;
                case VectorOp.Subtract:
                    if (ins.Form == 0) TensorPrimitives.Subtract(a, b, d);
                    else if (ins.Form == 1) TensorPrimitives.Subtract(a, s, d);
                    else TensorPrimitives.Subtract(s, Span(ins.B, regs, arrays, offset, length), d);
                    break;
                case VectorOp.Multiply:
                    if (ins.Form == 0) TensorPrimitives.Multiply(a, b, d);
                    else if (ins.Form == 1) TensorPrimitives.Multiply(a, s, d);
                    else TensorPrimitives.Multiply(Span(ins.B, regs, arrays, offset, length), s, d);
                    break;
                case VectorOp.Divide:
                    if (ins.Form == 0) TensorPrimitives.Divide(a, b, d);
                    else if (ins.Form == 1) TensorPrimitives.Divide(a, s, d);
                    else TensorPrimitives.Divide(s, Span(ins.B, regs, arrays, offset, length), d);
                    break;
                case VectorOp.Power:
                    if (ins.Form == 0) TensorPrimitives.Pow(a, b, d);
                    else if (ins.Form == 1) TensorPrimitives.Pow(a, s, d);
                    else TensorPrimitives.Pow(s, Span(ins.B, regs, arrays, offset, length), d);
                    break;
                case VectorOp.Min:
                    if (ins.Form == 0) TensorPrimitives.Min(a, b, d);
                    else TensorPrimitives.Min(ins.Form == 1 ? a : Span(ins.B, regs, arrays, offset, length), s, d);
                    break;
                case VectorOp.Max:
                    if (ins.Form == 0) TensorPrimitives.Max(a, b, d);
                    else TensorPrimitives.Max(ins.Form == 1 ? a : Span(ins.B, regs, arrays, offset, length), s, d);
                    break;
                default:
                    // Comparisons and logic: 1 or 0. Form 2 (scalar on the left) is stored swapped by the compiler.
                    Compare(ins.Op, a, b, s, ins.Form, d);
                    break;
            }
        }
    }

    /// <summary>
    /// Runs the program in double precision over registers only (a LEMS gate function's program, docs/spiking-hh.md): every location
    /// must be a register (its inputs are copied into registers first), and no instruction may read t.
    /// </summary>
    /// <param name="regs">The scratch, <see cref="Chunk"/> doubles per register.</param>
    /// <param name="length">The neurons, at most <see cref="Chunk"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RunDouble(Span<double> regs, int length)
    {
        foreach (ref readonly var ins in Code.AsSpan())
        {
            var d = regs.Slice(ins.Dst * Chunk, length);
            double s = ins.Scalar;
            if (ins.Op == VectorOp.Fill)
            {
                d.Fill(s);
                continue;
            }
            ReadOnlySpan<double> a = ins.Form == 2 ? default : regs.Slice(ins.A * Chunk, length);
            ReadOnlySpan<double> b = ins.Form == 1 || ins.B == int.MinValue ? default : regs.Slice(ins.B * Chunk, length);
            switch (ins.Op)
            {
                case VectorOp.Copy: a.CopyTo(d); break;
                case VectorOp.Negate: TensorPrimitives.Negate(a, d); break;
                case VectorOp.Exp: TensorPrimitives.Exp(a, d); break;
                case VectorOp.Log: TensorPrimitives.Log(a, d); break;
                case VectorOp.Sqrt: TensorPrimitives.Sqrt(a, d); break;
                case VectorOp.Abs: TensorPrimitives.Abs(a, d); break;
                case VectorOp.Sin: TensorPrimitives.Sin(a, d); break;
                case VectorOp.Cos: TensorPrimitives.Cos(a, d); break;
                case VectorOp.Tanh: TensorPrimitives.Tanh(a, d); break;
                case VectorOp.Add:
                    if (ins.Form == 0) TensorPrimitives.Add(a, b, d);
                    else TensorPrimitives.Add(ins.Form == 1 ? a : b, s, d);
                    break;
                case VectorOp.Subtract:
                    if (ins.Form == 0) TensorPrimitives.Subtract(a, b, d);
                    else if (ins.Form == 1) TensorPrimitives.Subtract(a, s, d);
                    else TensorPrimitives.Subtract(s, b, d);
                    break;
                case VectorOp.Multiply:
                    if (ins.Form == 0) TensorPrimitives.Multiply(a, b, d);
                    else TensorPrimitives.Multiply(ins.Form == 1 ? a : b, s, d);
                    break;
                case VectorOp.Divide:
                    if (ins.Form == 0) TensorPrimitives.Divide(a, b, d);
                    else if (ins.Form == 1) TensorPrimitives.Divide(a, s, d);
                    else TensorPrimitives.Divide(s, b, d);
                    break;
                case VectorOp.Power:
                    if (ins.Form == 0) TensorPrimitives.Pow(a, b, d);
                    else if (ins.Form == 1) TensorPrimitives.Pow(a, s, d);
                    else TensorPrimitives.Pow(s, b, d);
                    break;
                case VectorOp.Min:
                    if (ins.Form == 0) TensorPrimitives.Min(a, b, d);
                    else TensorPrimitives.Min(ins.Form == 1 ? a : b, s, d);
                    break;
                case VectorOp.Max:
                    if (ins.Form == 0) TensorPrimitives.Max(a, b, d);
                    else TensorPrimitives.Max(ins.Form == 1 ? a : b, s, d);
                    break;
                case VectorOp.Select:
                    for (int i = 0; i < length; i++)
                    {
                        if (a[i] != 0) d[i] = b[i];
                    }
                    break;
                case VectorOp.Not:
                    for (int i = 0; i < length; i++) d[i] = a[i] == 0 ? 1 : 0;
                    break;
                case >= VectorOp.Less and <= VectorOp.Or:
                    for (int i = 0; i < length; i++) d[i] = ExpressionParser.Apply(CompareOp(ins.Op), a[i], ins.Form == 0 ? b[i] : s);
                    break;
                default:
                    throw new InvalidOperationException($"{ins.Op} has no double-precision form.");
            }
        }
    }

    private static ExprOp CompareOp(VectorOp op) => op switch
    {
        VectorOp.Less => ExprOp.Less, VectorOp.LessOrEqual => ExprOp.LessOrEqual, VectorOp.Greater => ExprOp.Greater,
        VectorOp.GreaterOrEqual => ExprOp.GreaterOrEqual, VectorOp.Equal => ExprOp.Equal, VectorOp.NotEqual => ExprOp.NotEqual,
        VectorOp.And => ExprOp.And, _ => ExprOp.Or,
    };

    private static Span<float> Span(int location, Span<float> regs, float[][] arrays, int offset, int length) =>
        location >= 0 ? regs.Slice(location * Chunk, length) : arrays[~location].AsSpan(offset, length);

    /// <summary>d[i] = b[i] where c[i] is not 0 (the untaken value, even NaN or infinite, is never read into d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Select(ReadOnlySpan<float> c, ReadOnlySpan<float> b, Span<float> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= c.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var taken = ~Vector.Equals(new Vector<float>(c[i..]), Vector<float>.Zero);
                Vector.ConditionalSelect(taken, new Vector<float>(b[i..]), new Vector<float>(d[i..])).CopyTo(d[i..]);
            }
        }
        for (; i < c.Length; i++)
        {
            if (c[i] != 0) d[i] = b[i];
        }
    }

    /// <summary>dst = (a op b) ? 1 : 0, b a span (form 0) or the scalar (form 1).</summary>
    private static void Compare(VectorOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float scalar, byte form, Span<float> d)
    {
        switch (op)
        {
            case VectorOp.Less: Compare<LessOp>(a, b, scalar, form, d); break;
            case VectorOp.LessOrEqual: Compare<LessOrEqualOp>(a, b, scalar, form, d); break;
            case VectorOp.Greater: Compare<GreaterOp>(a, b, scalar, form, d); break;
            case VectorOp.GreaterOrEqual: Compare<GreaterOrEqualOp>(a, b, scalar, form, d); break;
            case VectorOp.Equal: Compare<EqualOp>(a, b, scalar, form, d); break;
            case VectorOp.NotEqual: Compare<NotEqualOp>(a, b, scalar, form, d); break;
            case VectorOp.And: Compare<AndOp>(a, b, scalar, form, d); break;
            default: Compare<OrOp>(a, b, scalar, form, d); break;
        }
    }

    /// <summary>A comparison or logical operation, on vectors (an all-ones lane for true) and on single floats.</summary>
    private interface ICompareOp
    {
        static abstract Vector512<float> Mask(Vector512<float> x, Vector512<float> y);

        static abstract bool Test(float x, float y);
    }

    private readonly struct LessOp : ICompareOp
    {
        public static Vector512<float> Mask(Vector512<float> x, Vector512<float> y) => Vector512.LessThan(x, y);
        public static bool Test(float x, float y) => x < y;
    }

    private readonly struct LessOrEqualOp : ICompareOp
    {
        public static Vector512<float> Mask(Vector512<float> x, Vector512<float> y) => Vector512.LessThanOrEqual(x, y);
        public static bool Test(float x, float y) => x <= y;
    }

    private readonly struct GreaterOp : ICompareOp
    {
        public static Vector512<float> Mask(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(x, y);
        public static bool Test(float x, float y) => x > y;
    }

    private readonly struct GreaterOrEqualOp : ICompareOp
    {
        public static Vector512<float> Mask(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThanOrEqual(x, y);
        public static bool Test(float x, float y) => x >= y;
    }

    private readonly struct EqualOp : ICompareOp
    {
        public static Vector512<float> Mask(Vector512<float> x, Vector512<float> y) => Vector512.Equals(x, y);
        public static bool Test(float x, float y) => x == y;
    }

    private readonly struct NotEqualOp : ICompareOp
    {
        public static Vector512<float> Mask(Vector512<float> x, Vector512<float> y) => ~Vector512.Equals(x, y);
        public static bool Test(float x, float y) => x != y;
    }

    private readonly struct AndOp : ICompareOp
    {
        public static Vector512<float> Mask(Vector512<float> x, Vector512<float> y) =>
            ~Vector512.Equals(x, Vector512<float>.Zero) & ~Vector512.Equals(y, Vector512<float>.Zero);
        public static bool Test(float x, float y) => x != 0 && y != 0;
    }

    private readonly struct OrOp : ICompareOp
    {
        public static Vector512<float> Mask(Vector512<float> x, Vector512<float> y) =>
            ~Vector512.Equals(x, Vector512<float>.Zero) | ~Vector512.Equals(y, Vector512<float>.Zero);
        public static bool Test(float x, float y) => x != 0 || y != 0;
    }

    /// <summary>dst = (a op b) ? 1 : 0 for one operation, 16 lanes at a time where the hardware has 512-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compare<TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float scalar, byte form, Span<float> d)
        where TOp : struct, ICompareOp
    {
        int n = a.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref float a0 = ref MemoryMarshal.GetReference(a);
            ref float d0 = ref MemoryMarshal.GetReference(d);
            var one = Vector512<float>.One;
            if (form == 0)
            {
                ref float b0 = ref MemoryMarshal.GetReference(b);
                for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    var mask = TOp.Mask(Vector512.LoadUnsafe(ref a0, (nuint)i), Vector512.LoadUnsafe(ref b0, (nuint)i));
                    (mask & one).StoreUnsafe(ref d0, (nuint)i);
                }
            }
            else
            {
                var sv = Vector512.Create(scalar);
                for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    var mask = TOp.Mask(Vector512.LoadUnsafe(ref a0, (nuint)i), sv);
                    (mask & one).StoreUnsafe(ref d0, (nuint)i);
                }
            }
        }
        else if (Vector.IsHardwareAccelerated)
        {
            // Without 512-bit vectors: the portable loop (the same ones and zeros).
            ComparePortable(OpOf<TOp>(), a, b, scalar, form, d);
            return;
        }
        for (; i < n; i++)
        {
            d[i] = TOp.Test(a[i], form == 0 ? b[i] : scalar) ? 1f : 0f;
        }
    }

    private static VectorOp OpOf<TOp>() where TOp : struct, ICompareOp =>
        typeof(TOp) == typeof(LessOp) ? VectorOp.Less : typeof(TOp) == typeof(LessOrEqualOp) ? VectorOp.LessOrEqual
        : typeof(TOp) == typeof(GreaterOp) ? VectorOp.Greater : typeof(TOp) == typeof(GreaterOrEqualOp) ? VectorOp.GreaterOrEqual
        : typeof(TOp) == typeof(EqualOp) ? VectorOp.Equal : typeof(TOp) == typeof(NotEqualOp) ? VectorOp.NotEqual
        : typeof(TOp) == typeof(AndOp) ? VectorOp.And : VectorOp.Or;

    /// <summary>dst = (a op b) ? 1 : 0 with Vector&lt;float&gt;, b a span (form 0) or the scalar (form 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ComparePortable(VectorOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float scalar, byte form, Span<float> d)
    {
        int n = a.Length, i = 0;
        var one = Vector<float>.One;
        var zero = Vector<float>.Zero;
        if (Vector.IsHardwareAccelerated)
        {
            var sv = new Vector<float>(scalar);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = new Vector<float>(a[i..]);
                var y = form == 0 ? new Vector<float>(b[i..]) : sv;
                var mask = op switch
                {
                    VectorOp.Less => Vector.LessThan(x, y),
                    VectorOp.LessOrEqual => Vector.LessThanOrEqual(x, y),
                    VectorOp.Greater => Vector.GreaterThan(x, y),
                    VectorOp.GreaterOrEqual => Vector.GreaterThanOrEqual(x, y),
                    VectorOp.Equal => Vector.Equals(x, y),
                    VectorOp.NotEqual => ~Vector.Equals(x, y),
                    VectorOp.And => Vector.BitwiseAnd(~Vector.Equals(x, zero), ~Vector.Equals(y, zero)),
                    _ => Vector.BitwiseOr(~Vector.Equals(x, zero), ~Vector.Equals(y, zero)),
                };
                Vector.ConditionalSelect(mask, one, zero).CopyTo(d[i..]);
            }
        }
        for (; i < n; i++)
        {
            float x = a[i], y = form == 0 ? b[i] : scalar;
            bool r = op switch
            {
                VectorOp.Less => x < y,
                VectorOp.LessOrEqual => x <= y,
                VectorOp.Greater => x > y,
                VectorOp.GreaterOrEqual => x >= y,
                VectorOp.Equal => x == y,
                VectorOp.NotEqual => x != y,
                VectorOp.And => x != 0 && y != 0,
                _ => x != 0 || y != 0,
            };
            d[i] = r ? 1f : 0f;
        }
    }
}

/// <summary>
/// Compiles expressions of an <see cref="EquationSystem"/> to an <see cref="EquationProgram"/>: each name is given a location
/// by the caller (a population array or a register), constants (numbers, parameters, dt) are folded, temporaries
/// reuse freed registers.
/// </summary>
internal sealed class EquationCompiler
{
    private readonly EquationSystem? _system;
    private readonly IReadOnlyDictionary<string, double> _parameters;
    private readonly double _dtMs;
    private readonly Dictionary<string, int> _locations = new(StringComparer.Ordinal);
    private readonly List<VectorInstruction> _code = [];
    private readonly SortedSet<int> _free = [];
    private readonly float _timeOffset;
    private int _registers;
    private int _time = int.MinValue;

    /// <param name="system">The model.</param>
    /// <param name="dtMs">The step (dt in expressions).</param>
    /// <param name="firstRegister">Registers below it are the caller's (reserved).</param>
    /// <param name="timeOffset">What t reads on top of the step's start (rk4's half and whole steps).</param>
    public EquationCompiler(EquationSystem system, double dtMs, int firstRegister, float timeOffset = 0)
        : this(system.Parameters, dtMs, firstRegister, timeOffset)
    {
        _system = system;
    }

    /// <summary>A compiler for expressions outside an equations model (a LEMS gate function): names are parameters (folded) or located ones.</summary>
    /// <param name="parameters">The constants, folded into the code.</param>
    /// <param name="dtMs">The step (dt in expressions).</param>
    /// <param name="firstRegister">Registers below it are the caller's (reserved).</param>
    /// <param name="timeOffset">What t reads on top of the step's start.</param>
    public EquationCompiler(IReadOnlyDictionary<string, double> parameters, double dtMs, int firstRegister, float timeOffset = 0)
    {
        _parameters = parameters;
        _dtMs = dtMs;
        _registers = firstRegister;
        _timeOffset = timeOffset;
    }

    /// <summary>Gives a name (state, derived, I) its location.</summary>
    public void Locate(string name, int location) => _locations[name] = location;

    /// <summary>A new register held for the whole program.</summary>
    public int Hold() => Allocate();

    /// <summary>Computes the derived variables that <paramref name="needed"/> are (all when null) into their locations, allocating a register for each one without.</summary>
    public void Derived(ISet<string>? needed)
    {
        foreach (var (name, value) in _system?.Derived ?? [])
        {
            if (needed is not null && !needed.Contains(name)) continue;
            if (!_locations.TryGetValue(name, out int loc))
            {
                loc = Allocate();
                _locations[name] = loc;
            }
            Into(value, loc);
        }
    }

    /// <summary>The derived variables an expression reads, directly or through other derived ones.</summary>
    public ISet<string> DerivedRead(IEnumerable<Expr> expressions)
    {
        var byName = (_system?.Derived ?? []).ToDictionary(d => d.Name, d => d.Value, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<Expr>(expressions);
        while (stack.Count > 0)
        {
            var names = new List<NameExpr>();
            ExpressionParser.Names(stack.Pop(), names);
            foreach (var n in names)
            {
                if (byName.TryGetValue(n.Name, out var e) && seen.Add(n.Name)) stack.Push(e);
            }
        }
        return seen;
    }

    /// <summary>Emits <paramref name="e"/> with its value written to <paramref name="destination"/>.</summary>
    public void Into(Expr e, int destination)
    {
        var r = Emit(e, destination);
        if (r.IsScalar) Add(new VectorInstruction(VectorOp.Fill, destination, 0, 0, r.Value, 0));
        else if (r.Location != destination) Add(new VectorInstruction(VectorOp.Copy, destination, r.Location, int.MinValue, 0, 0));
        Release(r);
    }

    /// <summary>Emits a raw instruction (the integrators' own steps).</summary>
    public void Add(VectorInstruction instruction) => _code.Add(instruction);

    /// <summary>The program.</summary>
    public EquationProgram Build() => new([.. _code], _registers);

    private readonly record struct Operand(bool IsScalar, int Location, double Value, bool Temporary);

    private int Allocate()
    {
        if (_free.Count > 0)
        {
            int r = _free.Min;
            _free.Remove(r);
            return r;
        }
        return _registers++;
    }

    private void Release(Operand o)
    {
        if (o.Temporary) _free.Add(o.Location);
    }

    private double? Constant(Expr e) => ExpressionParser.Evaluate(e, name => name == "dt" ? _dtMs : _parameters.TryGetValue(name, out double v) ? v : null);

    /// <summary>A destination for a result: the hint, else a temporary operand's register, else a new one.</summary>
    private (int Location, bool Temporary) Target(int? hint, Operand a, Operand b)
    {
        if (hint is { } h) return (h, false);
        if (a.Temporary) return (a.Location, true);
        if (b.Temporary) return (b.Location, true);
        return (Allocate(), true);
    }

    private Operand Emit(Expr e, int? hint = null)
    {
        if (Constant(e) is { } c) return new Operand(true, 0, c, false);
        switch (e)
        {
            case NameExpr n when n.Name == "t":
                if (_time == int.MinValue)
                {
                    _time = Allocate();
                    Add(new VectorInstruction(VectorOp.FillTime, _time, 0, 0, _timeOffset, 0));
                }
                return new Operand(false, _time, 0, false);
            case NameExpr n:
                return new Operand(false, _locations[n.Name], 0, false);
            case UnaryExpr u:
                return Unary(u.Op == ExprOp.Negate ? VectorOp.Negate : VectorOp.Not, Emit(u.Operand), hint);
            case BinaryExpr { Op: ExprOp.Power } p when Constant(p.Right) is { } k && (k == 2 || k == 1 || k == 0.5):
                var x = Emit(p.Left);
                if (k == 1) return x;
                if (k == 0.5) return Unary(VectorOp.Sqrt, x, hint);
                return Binary(VectorOp.Multiply, x, x, hint);
            case BinaryExpr b:
                return Binary(Op(b.Op), Emit(b.Left), Emit(b.Right), hint);
            case ConditionalExpr q:
            {
                // dst = else; where the condition holds, dst = then (both are computed; the untaken one never reaches dst).
                int dst = Allocate();
                Into(q.Else, dst);
                var cond = Emit(q.Condition);
                if (cond.IsScalar) cond = Materialize(cond);
                var then = Emit(q.Then);
                if (then.IsScalar) then = Materialize(then);
                Add(new VectorInstruction(VectorOp.Select, dst, cond.Location, then.Location, 0, 0));
                Release(cond);
                Release(then);
                if (hint is { } h)
                {
                    Add(new VectorInstruction(VectorOp.Copy, h, dst, int.MinValue, 0, 0));
                    _free.Add(dst);
                    return new Operand(false, h, 0, false);
                }
                return new Operand(false, dst, 0, true);
            }
            case CallExpr { Function: "H" } heaviside:
                return Binary(VectorOp.Greater, Emit(heaviside.Arguments[0]), new Operand(true, 0, 0f, false), hint);
            case CallExpr call:
                switch (call.Function)
                {
                    case "pow": return Emit(new BinaryExpr(ExprOp.Power, call.Arguments[0], call.Arguments[1], call.Column), hint);
                    case "min": return Binary(VectorOp.Min, Emit(call.Arguments[0]), Emit(call.Arguments[1]), hint);
                    case "max": return Binary(VectorOp.Max, Emit(call.Arguments[0]), Emit(call.Arguments[1]), hint);
                    case "clip":
                        var low = Binary(VectorOp.Max, Emit(call.Arguments[0]), Emit(call.Arguments[1]), null);
                        return Binary(VectorOp.Min, low, Emit(call.Arguments[2]), hint);
                    default:
                        var f = call.Function switch
                        {
                            "exp" => VectorOp.Exp, "log" or "ln" => VectorOp.Log, "sqrt" => VectorOp.Sqrt, "abs" => VectorOp.Abs,
                            "sin" => VectorOp.Sin, "cos" => VectorOp.Cos, _ => VectorOp.Tanh,
                        };
                        return Unary(f, Emit(call.Arguments[0]), hint);
                }
            default:
                throw new InvalidOperationException($"Cannot compile {e}.");
        }
    }

    private static VectorOp Op(ExprOp op) => op switch
    {
        ExprOp.Add => VectorOp.Add, ExprOp.Subtract => VectorOp.Subtract, ExprOp.Multiply => VectorOp.Multiply,
        ExprOp.Divide => VectorOp.Divide, ExprOp.Power => VectorOp.Power, ExprOp.Less => VectorOp.Less,
        ExprOp.LessOrEqual => VectorOp.LessOrEqual, ExprOp.Greater => VectorOp.Greater, ExprOp.GreaterOrEqual => VectorOp.GreaterOrEqual,
        ExprOp.Equal => VectorOp.Equal, ExprOp.NotEqual => VectorOp.NotEqual, ExprOp.And => VectorOp.And, _ => VectorOp.Or,
    };

    private Operand Unary(VectorOp op, Operand a, int? hint)
    {
        if (a.IsScalar) a = Materialize(a);
        var (dst, temp) = Target(hint, a, default);
        Add(new VectorInstruction(op, dst, a.Location, int.MinValue, 0, 0));
        if (a.Temporary && a.Location != dst) _free.Add(a.Location);
        return new Operand(false, dst, 0, temp);
    }

    private Operand Binary(VectorOp op, Operand a, Operand b, int? hint)
    {
        if (a.IsScalar && b.IsScalar) a = Materialize(a);
        if (a.IsScalar && op is >= VectorOp.Less and <= VectorOp.Or)
        {
            // Comparisons take the scalar on the right: swap the operands (and mirror the order comparisons).
            (a, b) = (b, a);
            op = op switch
            {
                VectorOp.Less => VectorOp.Greater, VectorOp.Greater => VectorOp.Less,
                VectorOp.LessOrEqual => VectorOp.GreaterOrEqual, VectorOp.GreaterOrEqual => VectorOp.LessOrEqual, _ => op,
            };
        }
        if (a.IsScalar && op is VectorOp.Min or VectorOp.Max) (a, b) = (b, a);
        var (dst, temp) = Target(hint, a, b);
        byte form = a.IsScalar ? (byte)2 : b.IsScalar ? (byte)1 : (byte)0;
        double scalar = a.IsScalar ? a.Value : b.IsScalar ? b.Value : 0;
        // Form 2 keeps the vector operand in B.
        Add(new VectorInstruction(op, dst, a.IsScalar ? 0 : a.Location, b.IsScalar ? 0 : b.Location, scalar, form));
        if (a.Temporary && a.Location != dst) _free.Add(a.Location);
        if (b.Temporary && b.Location != dst && !(a.Temporary && a.Location == b.Location)) _free.Add(b.Location);
        return new Operand(false, dst, 0, temp);
    }

    private Operand Materialize(Operand s)
    {
        int r = Allocate();
        Add(new VectorInstruction(VectorOp.Fill, r, 0, 0, s.Value, 0));
        return new Operand(false, r, 0, true);
    }
}
