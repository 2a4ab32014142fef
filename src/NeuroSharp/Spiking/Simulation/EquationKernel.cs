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
/// accelerated) that the JIT turns into SIMD code. One builder serves both widths: it calls the vector type's operators and
/// the methods of the same name on <see cref="Vector512"/> or <see cref="Vector256"/>, and <see cref="Lanes{TV}"/> for
/// what those have no one method for. Each vector of neurons runs the whole program with its registers in
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
            ? new Builder(typeof(Vector512), typeof(Vector512<float>), typeof(Lanes<Vector512<float>>), Vector512<float>.Count, program, liveOut).Build()
            : new Builder(typeof(Vector256), typeof(Vector256<float>), typeof(Lanes<Vector256<float>>), Vector256<float>.Count, program, liveOut).Build();
    }

    /// <summary>
    /// Builds the expression tree of one program for one vector width, given the runtime's static class of
    /// that width (Vector512 or Vector256), whose methods are looked up by name for the vector type.
    /// </summary>
    private sealed class Builder
    {
        private readonly Type _api;
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

        public Builder(Type api, Type vector, Type lanes, int width, EquationProgram program, IReadOnlyCollection<int> liveOut)
        {
            _api = api;
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

        /// <summary>
        /// The runtime's method <paramref name="name"/> of this width taking <paramref name="arity"/> float vectors (Vector512.Exp,
        /// Vector256.LessThan&lt;float&gt;, ...): the same method the interpreter's TensorPrimitives call applies to a vector.
        /// </summary>
        private MethodInfo Api(string name, int arity)
        {
            foreach (var m in _api.GetMethods(BindingFlags.Public | BindingFlags.Static))
            {
                if (m.Name != name || m.GetParameters().Length != arity) continue;
                var candidate = m.IsGenericMethodDefinition
                    ? m.GetGenericArguments().Length == 1 ? m.MakeGenericMethod(typeof(float)) : null
                    : m;
                if (candidate is not null && candidate.ReturnType == _vector && candidate.GetParameters().All(p => p.ParameterType == _vector)) return candidate;
            }
            throw new InvalidOperationException($"{_api.Name}.{name} of {arity} float vectors is missing.");
        }

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

        /// <summary>Vector512.Create(float) or Vector256.Create(float): every lane the value.</summary>
        private MethodInfo Create => _api.GetMethod("Create", [typeof(float)]) ?? throw new InvalidOperationException($"{_api.Name}.Create(float) is missing.");

        private ParameterExpression Splat(float value)
        {
            // Keyed by the bits, so that -0 and 0 stay apart.
            int bits = BitConverter.SingleToInt32Bits(value);
            if (!_splats.TryGetValue(bits, out var s))
            {
                s = Expression.Variable(_vector, $"c{_splats.Count}");
                _outer.Add(s);
                _preamble.Add(Expression.Assign(s, Expression.Call(Create, Expression.Constant(value))));
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
            Expression Bool(Expression mask) => Expression.And(mask, Splat(1f));
            Expression NonZero(Expression x) => Expression.OnesComplement(Expression.Call(Api("Equals", 2), x, Splat(0f)));

            foreach (var ins in code)
            {
                Expression value;
                switch (ins.Op)
                {
                    case VectorOp.Fill:
                        value = Splat((float)ins.Scalar);
                        break;
                    case VectorOp.FillTime:
                        value = Expression.Call(Create, Expression.Add(_t, Expression.Constant((float)ins.Scalar)));
                        break;
                    case VectorOp.Copy:
                        value = Read(ins.A);
                        break;
                    case VectorOp.MultiplyAdd:
                        // a s + b rounded twice, as TensorPrimitives.MultiplyAdd (not a fused multiply-add).
                        value = Expression.Add(Expression.Multiply(Read(ins.A), Splat((float)ins.Scalar)), Read(ins.B));
                        break;
                    case VectorOp.Negate:
                        value = Expression.Negate(Read(ins.A));
                        break;
                    case VectorOp.Not:
                        value = Bool(Expression.Call(Api("Equals", 2), Read(ins.A), Splat(0f)));
                        break;
                    case VectorOp.Exp or VectorOp.Log or VectorOp.Sqrt or VectorOp.Abs or VectorOp.Sin or VectorOp.Cos:
                        value = Expression.Call(Api(ins.Op.ToString(), 1), Read(ins.A));
                        break;
                    case VectorOp.Tanh:
                        value = Call("Tanh", Read(ins.A));
                        break;
                    default:
                        // Binary: form 0 a op b, form 1 a op s, form 2 s op b (the vector in B).
                        Expression left, right;
                        if (ins.Form == 0) (left, right) = (Read(ins.A), Read(ins.B));
                        else if (ins.Form == 1) (left, right) = (Read(ins.A), Splat((float)ins.Scalar));
                        else if (ins.Op is VectorOp.Min or VectorOp.Max) (left, right) = (Read(ins.B), Splat((float)ins.Scalar));
                        else (left, right) = (Splat((float)ins.Scalar), Read(ins.B));
                        value = ins.Op switch
                        {
                            VectorOp.Add => Expression.Add(left, right),
                            VectorOp.Subtract => Expression.Subtract(left, right),
                            VectorOp.Multiply => Expression.Multiply(left, right),
                            VectorOp.Divide => Expression.Divide(left, right),
                            VectorOp.Power => Call("Power", left, right),
                            VectorOp.Min or VectorOp.Max => Expression.Call(Api(ins.Op.ToString(), 2), left, right),
                            VectorOp.Less => Bool(Expression.Call(Api("LessThan", 2), left, right)),
                            VectorOp.LessOrEqual => Bool(Expression.Call(Api("LessThanOrEqual", 2), left, right)),
                            VectorOp.Greater => Bool(Expression.Call(Api("GreaterThan", 2), left, right)),
                            VectorOp.GreaterOrEqual => Bool(Expression.Call(Api("GreaterThanOrEqual", 2), left, right)),
                            VectorOp.Equal => Bool(Expression.Call(Api("Equals", 2), left, right)),
                            VectorOp.NotEqual => Bool(Expression.OnesComplement(Expression.Call(Api("Equals", 2), left, right))),
                            VectorOp.And => Bool(Expression.And(NonZero(left), NonZero(right))),
                            VectorOp.Or => Bool(Expression.Or(NonZero(left), NonZero(right))),
                            _ => throw new InvalidOperationException($"The equations kernel has no operation {ins.Op}."),
                        };
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
    /// What the runtime's vector API has no one method for, once for both widths (<typeparamref name="TV"/> is
    /// Vector512&lt;float&gt; or Vector256&lt;float&gt;): loads and stores at an array index, the last partial vector of a chunk
    /// (zero-padded in, lane by lane out), and tanh and pow, which call TensorPrimitives itself on the vector's lanes (as the
    /// interpreter does on the chunk; EquationKernelTests checks each against it).
    /// </summary>
    internal static class Lanes<TV>
        where TV : struct
    {
        private const int MostLanes = 16;

        private static int Count => Unsafe.SizeOf<TV>() / sizeof(float);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Load(float[] a, int i) => Unsafe.ReadUnaligned<TV>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a), i)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(TV v, float[] a, int i) => Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a), i)), v);

        public static TV LoadPart(float[] a, int i, int n)
        {
            Span<float> b = stackalloc float[MostLanes];
            b.Clear();
            a.AsSpan(i, n).CopyTo(b);
            return Read(b);
        }

        public static void StorePart(TV v, float[] a, int i, int n)
        {
            Span<float> b = stackalloc float[MostLanes];
            Write(v, b);
            b[..n].CopyTo(a.AsSpan(i, n));
        }

        public static TV Tanh(TV a)
        {
            Span<float> x = stackalloc float[MostLanes];
            Write(a, x);
            TensorPrimitives.Tanh(x[..Count], x[..Count]);
            return Read(x);
        }

        public static TV Power(TV a, TV b)
        {
            Span<float> x = stackalloc float[MostLanes], y = stackalloc float[MostLanes];
            Write(a, x);
            Write(b, y);
            TensorPrimitives.Pow(x[..Count], y[..Count], x[..Count]);
            return Read(x);
        }

        private static TV Read(Span<float> lanes) => Unsafe.ReadUnaligned<TV>(ref Unsafe.As<float, byte>(ref MemoryMarshal.GetReference(lanes)));

        private static void Write(TV v, Span<float> lanes) => Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref MemoryMarshal.GetReference(lanes)), v);
    }
}
