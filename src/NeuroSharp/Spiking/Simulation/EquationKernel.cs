using System.Linq.Expressions;
using System.Numerics.Tensors;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>A compiled <see cref="EquationProgram"/>: the same arguments as <see cref="EquationProgram.Run"/>.</summary>
internal delegate void EquationKernelBody(float[] regs, float[][] arrays, int offset, int length, float t);

/// <summary>
/// Compiles an <see cref="EquationProgram"/> once into one fused loop (docs/spiking-equations.md, "How it runs"): an
/// expression tree over <see cref="Vector512{T}"/> (or <see cref="Vector256{T}"/> where 512-bit vectors are not
/// accelerated) that the JIT turns into SIMD code. Each vector of neurons runs the whole program with its registers in
/// locals: every population array is loaded once and stored once per step, where the interpreter makes one pass over the
/// chunk per instruction. The lanes of a vector are computed by the same operations as the interpreter's
/// <see cref="TensorPrimitives"/> calls, so the results are the same bit for bit (EquationKernelTests); a chunk shorter
/// than 4 neurons, where TensorPrimitives works element by element, is left to the interpreter.
/// </summary>
internal static class EquationKernel
{
    private static readonly AsyncLocal<bool?> s_interpretOverride = new();

    /// <summary>The shortest chunk the kernel runs; shorter ones are interpreted (TensorPrimitives' scalar path).</summary>
    public const int MinimumLength = 4;

    /// <summary>
    /// Whether programs are compiled: dynamic code is compiled (not a trimmed/AOT build), 256- or 512-bit vectors are
    /// accelerated, and neither NEUROSHARP_EQUATIONS_INTERPRET=1 nor <see cref="InterpretInThisFlow"/> asks for the interpreter.
    /// </summary>
    public static bool Enabled =>
        !(s_interpretOverride.Value ?? EnvironmentSaysInterpret)
        && RuntimeFeature.IsDynamicCodeSupported && RuntimeFeature.IsDynamicCodeCompiled
        && (Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated);

    private static bool EnvironmentSaysInterpret { get; } = Environment.GetEnvironmentVariable("NEUROSHARP_EQUATIONS_INTERPRET") == "1";

    /// <summary>Makes the groups built in this async flow interpret (true), compile (false) or follow the default (null); for tests.</summary>
    public static void InterpretInThisFlow(bool? interpret) => s_interpretOverride.Value = interpret;

    /// <summary>Compiles <paramref name="program"/>; registers in <paramref name="liveOut"/> are written back to the scratch.</summary>
    /// <returns>The kernel, or null where <see cref="Enabled"/> is false.</returns>
    public static EquationKernelBody? TryCompile(EquationProgram program, IReadOnlyCollection<int> liveOut)
    {
        // Select (a LEMS case) is emitted only for the hh gate programs, which run in double (RunDouble): those stay interpreted.
        if (!Enabled || program.Code.Any(i => i.Op == VectorOp.Select)) return null;
        return Vector512.IsHardwareAccelerated
            ? new Builder(typeof(Vector512<float>), typeof(Lanes512), 16, program, liveOut).Build()
            : new Builder(typeof(Vector256<float>), typeof(Lanes256), 8, program, liveOut).Build();
    }

    /// <summary>Builds the expression tree of one program for one vector width.</summary>
    private sealed class Builder
    {
        private readonly Type _vector;
        private readonly Type _lanes;
        private readonly int _width;
        private readonly EquationProgram _program;
        private readonly HashSet<int> _liveOut;
        private readonly ParameterExpression _regs = Expression.Parameter(typeof(float[]), "regs");
        private readonly ParameterExpression _arraysParam = Expression.Parameter(typeof(float[][]), "arrays");
        private readonly ParameterExpression _offset = Expression.Parameter(typeof(int), "offset");
        private readonly ParameterExpression _length = Expression.Parameter(typeof(int), "length");
        private readonly ParameterExpression _t = Expression.Parameter(typeof(float), "t");
        private readonly ParameterExpression _j = Expression.Variable(typeof(int), "j");
        private readonly ParameterExpression _rest = Expression.Variable(typeof(int), "rest");
        private readonly Dictionary<int, ParameterExpression> _arrays = [];
        private readonly Dictionary<int, ParameterExpression> _splats = [];
        private readonly List<Expression> _preamble = [];
        private readonly List<ParameterExpression> _outer = [];

        public Builder(Type vector, Type lanes, int width, EquationProgram program, IReadOnlyCollection<int> liveOut)
        {
            _vector = vector;
            _lanes = lanes;
            _width = width;
            _program = program;
            _liveOut = [.. liveOut];
        }

        public EquationKernelBody Build()
        {
            _outer.Add(_j);
            _outer.Add(_rest);
            var full = Body(tail: false);
            var tail = Body(tail: true);
            var exit = Expression.Label("exit");
            var loop = Expression.Loop(
                Expression.IfThenElse(
                    Expression.LessThanOrEqual(_j, Expression.Subtract(_length, Expression.Constant(_width))),
                    Expression.Block(full, Expression.AddAssign(_j, Expression.Constant(_width))),
                    Expression.Break(exit)),
                exit);
            var all = new List<Expression>(_preamble)
            {
                Expression.Assign(_j, Expression.Constant(0)),
                loop,
                Expression.IfThen(
                    Expression.LessThan(_j, _length),
                    Expression.Block(Expression.Assign(_rest, Expression.Subtract(_length, _j)), tail)),
            };
            var lambda = Expression.Lambda<EquationKernelBody>(Expression.Block(_outer, all), "EquationKernel", [_regs, _arraysParam, _offset, _length, _t]);
            return lambda.Compile(preferInterpretation: false);
        }

        private MethodInfo Method(string name) => _lanes.GetMethod(name, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{_lanes.Name}.{name} is missing.");

        private ParameterExpression ArrayOf(int index)
        {
            if (!_arrays.TryGetValue(index, out var a))
            {
                a = Expression.Variable(typeof(float[]), $"a{index}");
                _arrays[index] = a;
                _outer.Add(a);
                _preamble.Add(Expression.Assign(a, Expression.ArrayIndex(_arraysParam, Expression.Constant(index))));
            }
            return a;
        }

        private ParameterExpression Splat(float value)
        {
            // Keyed by the bits, so that -0 and 0 stay apart.
            int bits = BitConverter.SingleToInt32Bits(value);
            if (!_splats.TryGetValue(bits, out var s))
            {
                s = Expression.Variable(_vector, $"c{_splats.Count}");
                _outer.Add(s);
                _preamble.Add(Expression.Assign(s, Expression.Call(Method("Splat"), Expression.Constant(value))));
                _splats[bits] = s;
            }
            return s;
        }

        /// <summary>One pass of the whole program over a vector of neurons at j (the last, partial one when <paramref name="tail"/>).</summary>
        private BlockExpression Body(bool tail)
        {
            var code = _program.Code;
            var statements = new List<Expression>();
            var locals = new List<ParameterExpression>();
            var registers = new Dictionary<int, ParameterExpression>();
            var arrayValues = new Dictionary<int, ParameterExpression>();
            var dirtyArrays = new SortedSet<int>();
            var writtenRegisters = new SortedSet<int>();

            Expression ArrayIndex() => Expression.Add(_offset, _j);
            Expression RegisterIndex(int r) => Expression.Add(Expression.Constant(r * EquationProgram.Chunk), _j);

            ParameterExpression Register(int r)
            {
                if (!registers.TryGetValue(r, out var v))
                {
                    v = Expression.Variable(_vector, $"r{r}");
                    registers[r] = v;
                    locals.Add(v);
                }
                return v;
            }

            ParameterExpression ArrayValue(int k)
            {
                if (!arrayValues.TryGetValue(k, out var v))
                {
                    v = Expression.Variable(_vector, $"x{k}");
                    arrayValues[k] = v;
                    locals.Add(v);
                }
                return v;
            }

            Expression Read(int location)
            {
                if (location >= 0)
                {
                    if (!registers.ContainsKey(location))
                    {
                        // Read before written in this program: the caller's value in the scratch (the reset's gathered state).
                        statements.Add(Expression.Assign(Register(location), Expression.Call(Method("Load"), _regs, RegisterIndex(location))));
                    }
                    return registers[location];
                }
                int k = ~location;
                if (!arrayValues.ContainsKey(k))
                {
                    var load = tail
                        ? Expression.Call(Method("LoadPart"), ArrayOf(k), ArrayIndex(), _rest)
                        : Expression.Call(Method("Load"), ArrayOf(k), ArrayIndex());
                    statements.Add(Expression.Assign(ArrayValue(k), load));
                }
                return arrayValues[k];
            }

            void Write(int location, Expression value)
            {
                if (location >= 0)
                {
                    statements.Add(Expression.Assign(Register(location), value));
                    writtenRegisters.Add(location);
                }
                else
                {
                    int k = ~location;
                    statements.Add(Expression.Assign(ArrayValue(k), value));
                    dirtyArrays.Add(k);
                }
            }

            Expression Call(string name, params Expression[] args) => Expression.Call(Method(name), args);

            foreach (var ins in code)
            {
                Expression value;
                switch (ins.Op)
                {
                    case VectorOp.Fill:
                        value = Splat((float)ins.Scalar);
                        break;
                    case VectorOp.FillTime:
                        value = Call("Splat", Expression.Add(_t, Expression.Constant((float)ins.Scalar)));
                        break;
                    case VectorOp.Copy:
                        value = Read(ins.A);
                        break;
                    case VectorOp.MultiplyAdd:
                        value = Call("MultiplyAdd", Read(ins.A), Splat((float)ins.Scalar), Read(ins.B));
                        break;
                    case VectorOp.Negate or VectorOp.Exp or VectorOp.Log or VectorOp.Sqrt or VectorOp.Abs
                        or VectorOp.Sin or VectorOp.Cos or VectorOp.Tanh or VectorOp.Not:
                        value = Call(ins.Op.ToString(), Read(ins.A));
                        break;
                    default:
                        // Binary: form 0 a op b, form 1 a op s, form 2 s op b (the vector in B).
                        Expression left, right;
                        if (ins.Form == 0) (left, right) = (Read(ins.A), Read(ins.B));
                        else if (ins.Form == 1) (left, right) = (Read(ins.A), Splat((float)ins.Scalar));
                        else if (ins.Op is VectorOp.Min or VectorOp.Max) (left, right) = (Read(ins.B), Splat((float)ins.Scalar));
                        else (left, right) = (Splat((float)ins.Scalar), Read(ins.B));
                        value = Call(ins.Op.ToString(), left, right);
                        break;
                }
                Write(ins.Dst, value);
            }

            foreach (int k in dirtyArrays)
            {
                statements.Add(tail
                    ? Call("StorePart", arrayValues[k], ArrayOf(k), ArrayIndex(), _rest)
                    : Call("Store", arrayValues[k], ArrayOf(k), ArrayIndex()));
            }
            foreach (int r in writtenRegisters)
            {
                if (_liveOut.Contains(r)) statements.Add(Call("Store", registers[r], _regs, RegisterIndex(r)));
            }
            if (statements.Count == 0) statements.Add(Expression.Empty());
            return Expression.Block(locals, statements);
        }
    }

    /// <summary>
    /// The operations on 16 lanes, each the one the interpreter's <see cref="TensorPrimitives"/> call applies to a lane
    /// (EquationKernelTests checks them against it). Functions without a public vector method (tanh, pow, sin, cos, log)
    /// call TensorPrimitives itself on the 16 lanes.
    /// </summary>
    internal static class Lanes512
    {
        private static readonly Vector512<float> One = Vector512<float>.One;

        public static Vector512<float> Splat(float x) => Vector512.Create(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load(float[] a, int i) => Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(a), (nuint)i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector512<float> v, float[] a, int i) => v.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(a), (nuint)i);

        public static Vector512<float> LoadPart(float[] a, int i, int n)
        {
            Span<float> b = stackalloc float[16];
            b.Clear();
            a.AsSpan(i, n).CopyTo(b);
            return Vector512.Create<float>(b);
        }

        public static void StorePart(Vector512<float> v, float[] a, int i, int n)
        {
            Span<float> b = stackalloc float[16];
            v.CopyTo(b);
            b[..n].CopyTo(a.AsSpan(i, n));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> s, Vector512<float> b) => (a * s) + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Negate(Vector512<float> a) => -a;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Abs(Vector512<float> a) => Vector512.Abs(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Sqrt(Vector512<float> a) => Vector512.Sqrt(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Exp(Vector512<float> a) => Vector512.Exp(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Log(Vector512<float> a) => Vector512.Log(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Sin(Vector512<float> a) => Vector512.Sin(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Cos(Vector512<float> a) => Vector512.Cos(a);

        public static Vector512<float> Tanh(Vector512<float> a) => Through(a, static (x, d) => TensorPrimitives.Tanh(x, d));

        public static Vector512<float> Power(Vector512<float> a, Vector512<float> b)
        {
            Span<float> x = stackalloc float[16], y = stackalloc float[16];
            a.CopyTo(x);
            b.CopyTo(y);
            TensorPrimitives.Pow(x, y, x);
            return Vector512.Create<float>(x);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Min(Vector512<float> a, Vector512<float> b) => Vector512.Min(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Less(Vector512<float> a, Vector512<float> b) => Vector512.LessThan(a, b) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> LessOrEqual(Vector512<float> a, Vector512<float> b) => Vector512.LessThanOrEqual(a, b) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Greater(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThan(a, b) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> GreaterOrEqual(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThanOrEqual(a, b) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Equal(Vector512<float> a, Vector512<float> b) => Vector512.Equals(a, b) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> NotEqual(Vector512<float> a, Vector512<float> b) => ~Vector512.Equals(a, b) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> And(Vector512<float> a, Vector512<float> b) =>
            ~Vector512.Equals(a, Vector512<float>.Zero) & ~Vector512.Equals(b, Vector512<float>.Zero) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Or(Vector512<float> a, Vector512<float> b) =>
            (~Vector512.Equals(a, Vector512<float>.Zero) | ~Vector512.Equals(b, Vector512<float>.Zero)) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Not(Vector512<float> a) => Vector512.Equals(a, Vector512<float>.Zero) & One;

        private static Vector512<float> Through(Vector512<float> a, SpanAction f)
        {
            Span<float> x = stackalloc float[16];
            a.CopyTo(x);
            f(x, x);
            return Vector512.Create<float>(x);
        }
    }

    /// <summary>The operations on 8 lanes (CPUs without 512-bit vectors), as <see cref="Lanes512"/>.</summary>
    internal static class Lanes256
    {
        private static readonly Vector256<float> One = Vector256<float>.One;

        public static Vector256<float> Splat(float x) => Vector256.Create(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load(float[] a, int i) => Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(a), (nuint)i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<float> v, float[] a, int i) => v.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(a), (nuint)i);

        public static Vector256<float> LoadPart(float[] a, int i, int n)
        {
            Span<float> b = stackalloc float[8];
            b.Clear();
            a.AsSpan(i, n).CopyTo(b);
            return Vector256.Create<float>(b);
        }

        public static void StorePart(Vector256<float> v, float[] a, int i, int n)
        {
            Span<float> b = stackalloc float[8];
            v.CopyTo(b);
            b[..n].CopyTo(a.AsSpan(i, n));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> s, Vector256<float> b) => (a * s) + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Negate(Vector256<float> a) => -a;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Abs(Vector256<float> a) => Vector256.Abs(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Sqrt(Vector256<float> a) => Vector256.Sqrt(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Exp(Vector256<float> a) => Vector256.Exp(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Log(Vector256<float> a) => Vector256.Log(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Sin(Vector256<float> a) => Vector256.Sin(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Cos(Vector256<float> a) => Vector256.Cos(a);

        public static Vector256<float> Tanh(Vector256<float> a) => Through(a, static (x, d) => TensorPrimitives.Tanh(x, d));

        public static Vector256<float> Power(Vector256<float> a, Vector256<float> b)
        {
            Span<float> x = stackalloc float[8], y = stackalloc float[8];
            a.CopyTo(x);
            b.CopyTo(y);
            TensorPrimitives.Pow(x, y, x);
            return Vector256.Create<float>(x);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Min(Vector256<float> a, Vector256<float> b) => Vector256.Min(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Less(Vector256<float> a, Vector256<float> b) => Vector256.LessThan(a, b) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> LessOrEqual(Vector256<float> a, Vector256<float> b) => Vector256.LessThanOrEqual(a, b) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Greater(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThan(a, b) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> GreaterOrEqual(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThanOrEqual(a, b) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Equal(Vector256<float> a, Vector256<float> b) => Vector256.Equals(a, b) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> NotEqual(Vector256<float> a, Vector256<float> b) => ~Vector256.Equals(a, b) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> And(Vector256<float> a, Vector256<float> b) =>
            ~Vector256.Equals(a, Vector256<float>.Zero) & ~Vector256.Equals(b, Vector256<float>.Zero) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Or(Vector256<float> a, Vector256<float> b) =>
            (~Vector256.Equals(a, Vector256<float>.Zero) | ~Vector256.Equals(b, Vector256<float>.Zero)) & One;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Not(Vector256<float> a) => Vector256.Equals(a, Vector256<float>.Zero) & One;

        private static Vector256<float> Through(Vector256<float> a, SpanAction f)
        {
            Span<float> x = stackalloc float[8];
            a.CopyTo(x);
            f(x, x);
            return Vector256.Create<float>(x);
        }
    }

    private delegate void SpanAction(ReadOnlySpan<float> x, Span<float> d);
}
