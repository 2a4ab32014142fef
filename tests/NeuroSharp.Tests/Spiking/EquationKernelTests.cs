using System.Globalization;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Equations;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// The compiled equations programs (EquationKernel, docs/spiking-equations.md "How it runs") against the interpreter they
/// replace: the same state bit for bit and the same spikes, on random models (a seeded property test) and on every example
/// network with an equations population.
/// </summary>
public class EquationKernelTests
{
    // Not sin and cos: their results may differ by one unit in the last place (EachOperation_CompiledSameAsInterpreted),
    // which a random model can amplify into another spike.
    private static readonly string[] Functions = ["exp", "log", "sqrt", "abs", "tanh"];

    /// <summary>A random expression over the model's names (depth-limited; numbers never exactly 0).</summary>
    private static string RandomExpression(Random r, int depth)
    {
        string[] leaves = ["v", "w", "g", "y", "I", "t", "a", "b", "dt"];
        if (depth == 0 || r.NextDouble() < 0.25)
        {
            return r.Next(3) == 0
                ? (r.NextDouble() * 4 - 2 + 0.01).ToString("0.###", CultureInfo.InvariantCulture)
                : leaves[r.Next(leaves.Length)];
        }
        string X() => RandomExpression(r, depth - 1);
        return r.Next(14) switch
        {
            0 => $"({X()} + {X()})",
            1 => $"({X()} - {X()})",
            2 => $"{X()} * {X()}",
            3 => $"{X()} / ({X()})",
            4 => $"({X()}) ** {new[] { "2", "0.5", "3", "1", "w", "1.5" }[r.Next(6)]}",
            5 => $"{Functions[r.Next(Functions.Length)]}({X()})",
            6 => $"{new[] { "min", "max", "pow" }[r.Next(3)]}({X()}, {X()})",
            7 => $"clip({X()}, -1, 2)",
            8 => $"({X()} {new[] { "<", "<=", ">", ">=", "==", "!=" }[r.Next(6)]} {X()})",
            9 => $"({X()} {new[] { "and", "or" }[r.Next(2)]} {X()})",
            10 => $"(not {X()})",
            11 => $"-{X()}",
            12 => $"({X()} + 0.5 * (v - 1.5))",
            _ => $"{r.Next(1, 4)} * {X()}",
        };
    }

    /// <summary>A random model over v, w (with derivatives), g (inputs and resets only) and a derived y.</summary>
    private static EquationsNeuronSpec RandomModel(Random r)
    {
        string E() => RandomExpression(r, 3);
        return new EquationsNeuronSpec
        {
            Parameters = [new("a", 0.75), new("b", -1.25)],
            Variables = [new("v", 0), new("w", 0.5), new("g", 0)],
            Equations =
            [
                $"dv/dt = clip({E()}, -20, 20) + I" + (r.Next(2) == 0 ? " (unless refractory)" : ""),
                $"dw/dt = {E()}" + (r.Next(3) == 0 ? " (unless refractory)" : ""),
                $"y = {E()}",
            ],
            Threshold = r.Next(2) == 0 ? "v > 1" : $"({E()}) > 0.5",
            Reset = [$"v = {E()}", $"w += {E()}", "g = g * 0.5"],
            RefractoryMs = r.Next(4) * 0.1,
            ExcitatoryVariable = "g",
            Method = r.Next(2) == 0 ? "euler" : "rk4",
        };
    }

    private static NetworkSpec Net(EquationsNeuronSpec model, int count) => new()
    {
        DtMs = 0.1,
        Populations =
        [
            new PopulationSpec
            {
                Name = "p", Count = count, Model = model,
                Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-1, 1.2), ["w"] = DistributionSpec.Normal(0, 1) },
            },
        ],
        Inputs =
        [
            new CurrentInputSpec { Target = "p", Amplitude = 0.7, StartMs = 0.5, StopMs = 2 },
            new PoissonInputSpec { Target = "p", SourceCount = 20, RateHz = 200, Weight = 0.3, Receptor = Receptor.Excitatory },
        ],
        Monitors = [new SpikeMonitorSpec { Target = "p" }, new StateMonitorSpec { Target = "p", Variables = ["y"] }],
    };

    private static SpikingEngine Run(NetworkSpec net, bool interpret, int steps, int threads = 1)
    {
        EquationKernel.InterpretInThisFlow(interpret);
        try
        {
            var engine = new SpikingEngine(net, new SimulationOptions { Seed = 11, Threads = threads });
            engine.Run(steps);
            return engine;
        }
        finally
        {
            EquationKernel.InterpretInThisFlow(null);
        }
    }

    /// <summary>How many floats lie between x and y (0 when equal or both NaN).</summary>
    private static long UlpDistance(float x, float y)
    {
        if (float.IsNaN(x) && float.IsNaN(y)) return 0;
        static long Ordered(float f)
        {
            int bits = BitConverter.SingleToInt32Bits(f);
            return bits < 0 ? int.MinValue - (long)bits : bits;
        }
        return Math.Abs(Ordered(x) - Ordered(y));
    }

    /// <summary>Float arrays equal bit for bit (a NaN equal to a NaN of the same bits); the first difference named.</summary>
    private static void AssertSameBits(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}[{i}]: interpreted {expected[i]:R} (0x{BitConverter.SingleToInt32Bits(expected[i]):x8}), compiled {actual[i]:R} (0x{BitConverter.SingleToInt32Bits(actual[i]):x8})");
        }
    }

    /// <summary>
    /// On this project's x86-64 machines the kernel exists (else the comparisons below would compare the interpreter with
    /// itself), and a compiled program of one addition and one comparison gives its known answer over 37 neurons at offset 3.
    /// </summary>
    [Fact]
    public void Kernel_IsCompiledHere_KnownAnswer()
    {
        Assert.True(EquationKernel.Enabled, "the equations kernel is not enabled here (dynamic code or 256-bit vectors missing)");
        var program = new EquationProgram(
            [new VectorInstruction(VectorOp.Add, ~0, ~0, ~1, 0, 0), new VectorInstruction(VectorOp.Greater, 0, ~0, 0, 10, 1)], 1).Compile([0]);
        Assert.NotNull(program.Kernel);
        float[] x = [.. Enumerable.Range(0, 40).Select(i => (float)i)], y = [.. Enumerable.Repeat(0.5f, 40)];
        var regs = new float[EquationProgram.Chunk];
        program.Run(regs, [x, y], 3, 37, 0);
        for (int i = 0; i < 40; i++) Assert.Equal(i is >= 3 ? i + 0.5f : i, x[i]);
        for (int k = 0; k < 37; k++) Assert.Equal(k + 3 + 0.5f > 10 ? 1f : 0f, regs[k]);
    }

    /// <summary>
    /// Each function and binary operation alone, on values over many magnitudes with NaN, infinities and signed zeros in
    /// the lanes, at every chunk length from 4 to 256 at an odd offset: compiled and interpreted agree bit for bit.
    /// </summary>
    [Theory]
    [InlineData((int)VectorOp.Exp)]
    [InlineData((int)VectorOp.Log)]
    [InlineData((int)VectorOp.Sqrt)]
    [InlineData((int)VectorOp.Abs)]
    [InlineData((int)VectorOp.Sin)]
    [InlineData((int)VectorOp.Cos)]
    [InlineData((int)VectorOp.Tanh)]
    [InlineData((int)VectorOp.Negate)]
    [InlineData((int)VectorOp.Not)]
    [InlineData((int)VectorOp.Power)]
    [InlineData((int)VectorOp.Min)]
    [InlineData((int)VectorOp.Max)]
    [InlineData((int)VectorOp.Divide)]
    [InlineData((int)VectorOp.MultiplyAdd)]
    public void EachOperation_CompiledSameAsInterpreted(int code)
    {
        var op = (VectorOp)code;
        var r = new Random(code);
        float[] special = [0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-40f, -1e-40f, 88.7f, -104f, 1e30f, 3.14159265f, -1f, 1f];
        const int n = EquationProgram.Chunk + 7;
        float[] Values() => [.. Enumerable.Range(0, n).Select(i => i % 5 == 0 ? special[r.Next(special.Length)] : (float)((r.NextDouble() * 2 - 1) * Math.Pow(10, r.Next(-6, 7))))];
        float[] a = Values(), b = Values();
        bool unary = op is >= VectorOp.Not and <= VectorOp.Tanh && op != VectorOp.And && op != VectorOp.Or;
        VectorInstruction[] code3 = op == VectorOp.MultiplyAdd
            ? [new VectorInstruction(op, 0, ~0, ~1, 0.37f, 0)]
            : unary
                ? [new VectorInstruction(op, 0, ~0, int.MinValue, 0, 0)]
                : [new VectorInstruction(op, 0, ~0, ~1, 0, 0), new VectorInstruction(op, 1, ~0, 0, 1.5f, 1), new VectorInstruction(op, 2, 0, ~1, -0.75f, 2)];
        for (int length = EquationKernel.MinimumLength; length <= EquationProgram.Chunk; length++)
        {
            var program = new EquationProgram(code3, 3).Compile([0, 1, 2]);
            Assert.NotNull(program.Kernel);
            float[] interpreted = new float[3 * EquationProgram.Chunk], compiled = new float[3 * EquationProgram.Chunk];
            program.Interpret(interpreted, [a, b], 5, length, 0);
            program.Run(compiled, [a, b], 5, length, 0);
            for (int k = 0; k < code3.Length; k++)
            {
                if (op is VectorOp.Sin or VectorOp.Cos)
                {
                    // .NET picks sin's and cos's algorithm per vector (all |x| < pi/4 or not): the interpreter's vectors
                    // (TensorPrimitives aligns its stores) and the kernel's (16 from the chunk's start) are grouped
                    // differently, so a lane may differ by one unit in the last place, never more.
                    for (int i = 0; i < length; i++)
                        Assert.True(UlpDistance(interpreted[k * EquationProgram.Chunk + i], compiled[k * EquationProgram.Chunk + i]) <= 1,
                            $"{op}({a[5 + i]:R}) at {i}, length {length}: interpreted {interpreted[k * EquationProgram.Chunk + i]:R}, compiled {compiled[k * EquationProgram.Chunk + i]:R}");
                    continue;
                }
                AssertSameBits(interpreted.AsSpan(k * EquationProgram.Chunk, length).ToArray(), compiled.AsSpan(k * EquationProgram.Chunk, length).ToArray(), $"{op} form {code3[k].Form}, length {length}");
            }
        }
    }

    /// <summary>
    /// Property: for 120 random models (every operation and function of the grammar, euler and rk4, resets, refractoriness with variables held,
    /// current and Poisson input, a derived variable recorded) and population sizes that leave every kind of tail (1 to 3
    /// neurons: interpreted by both; 4 to 15: narrower TensorPrimitives paths; a chunk plus one), 40 steps compiled give the
    /// same spikes and the same state bit for bit as interpreted. Seeded: a failure names its seed and model.
    /// </summary>
    [Fact]
    public void RandomModels_CompiledSameAsInterpreted()
    {
        int[] counts = [1, 3, 4, 5, 9, 15, 16, 17, 31, 100, 256, 257, 300, 531];
        int tried = 0;
        for (int seed = 0; tried < 120 && seed < 400; seed++)
        {
            var r = new Random(seed);
            var model = RandomModel(r);
            try
            {
                model.Validate();
            }
            catch (InvalidInputException)
            {
                continue; // e.g. a division by a constant folded to 0
            }
            tried++;
            int count = counts[seed % counts.Length];
            var net = Net(model, count);
            var interpreted = Run(net, interpret: true, 40);
            var compiled = Run(net, interpret: false, 40);
            string what = $"seed {seed}, {count} neurons, {model.Method}: {string.Join(" | ", model.Equations)} | threshold {model.Threshold} | reset {string.Join("; ", model.Reset)}";
            Assert.True(interpreted.SpikeMonitors[0].Steps.SequenceEqual(compiled.SpikeMonitors[0].Steps), $"spike steps differ: {what}");
            Assert.True(interpreted.SpikeMonitors[0].Neurons.SequenceEqual(compiled.SpikeMonitors[0].Neurons), $"spiking neurons differ: {what}");
            foreach (string name in new[] { "v", "w", "g", "y" })
                AssertSameBits(interpreted.GetVariable("p", name), compiled.GetVariable("p", name), $"{name} ({what})");
        }
        Assert.True(tried >= 100, $"only {tried} valid random models");
    }

    /// <summary>
    /// The partitioned-run equations network (held variables, a recorded derived variable, euler and rk4, exp) plus a
    /// population using tanh and pow (the kernel's TensorPrimitives-on-16-lanes helpers), compiled, on one thread: after a
    /// warm-up run and Reset, 2 000 more steps allocate under 4 KB (Run's own result), as the engine's other groups.
    /// </summary>
    [Fact]
    public void Compiled_AfterWarmUp_AllocatesNothingPerStep()
    {
        var net = NetworkFile.Parse(NeuroSharp.Testing.PartitionNetworks.Equations);
        var extra = new PopulationSpec
        {
            Name = "fn", Count = 300,
            Model = new EquationsNeuronSpec
            {
                Parameters = [], Variables = [new("v", 0.5)], Equations = ["dv/dt = tanh(v) - pow(abs(v) + 1, 0.3) + I"],
                Threshold = "v > 1", Reset = ["v = 0"], RefractoryMs = 0.5,
            },
        };
        net = net with { Populations = [.. net.Populations, extra], Inputs = [.. net.Inputs, new CurrentInputSpec { Target = "fn", Amplitude = 2 }] };
        EquationKernel.InterpretInThisFlow(false);
        SpikingEngine engine;
        try
        {
            engine = new SpikingEngine(net, new SimulationOptions { Threads = 1, Seed = 2 });
        }
        finally
        {
            EquationKernel.InterpretInThisFlow(null);
        }
        engine.Run(2000);
        engine.Reset();
        long before = GC.GetAllocatedBytesForCurrentThread();
        engine.Run(2000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(engine.SpikeMonitors[0].Count > 100, $"only {engine.SpikeMonitors[0].Count} spikes");
        Assert.True(allocated < 4096, $"{allocated} bytes allocated in 2 000 steps");
    }

    /// <summary>Every example network with an equations population: 300 ms compiled give the same spikes and state as interpreted.</summary>
    [Fact]
    public void ExampleNetworks_CompiledSameAsInterpreted()
    {
        string dir = Path.Combine(NeuroSharp.Testing.RepositoryRoot.Path, "examples", "networks");
        int found = 0;
        foreach (string file in Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal))
        {
            NetworkSpec net;
            try
            {
                net = NetworkFile.Load(file);
            }
            catch (InvalidInputException)
            {
                continue; // not a network file
            }
            var equations = net.Populations.Where(p => p.Model is EquationsNeuronSpec).ToArray();
            if (equations.Length == 0) continue;
            found++;
            int steps = (int)Math.Round(300 / net.DtMs);
            var interpreted = Run(net, interpret: true, steps, threads: 2);
            var compiled = Run(net, interpret: false, steps, threads: 2);
            for (int m = 0; m < interpreted.SpikeMonitors.Count; m++)
            {
                Assert.Equal(interpreted.SpikeMonitors[m].Steps.ToArray(), compiled.SpikeMonitors[m].Steps.ToArray());
                Assert.Equal(interpreted.SpikeMonitors[m].Neurons.ToArray(), compiled.SpikeMonitors[m].Neurons.ToArray());
            }
            foreach (var p in equations)
            {
                foreach (string name in EquationSystem.Recordable((EquationsNeuronSpec)p.Model))
                    AssertSameBits(interpreted.GetVariable(p.Name, name), compiled.GetVariable(p.Name, name), $"{Path.GetFileName(file)} {p.Name}.{name}");
            }
        }
        Assert.True(found >= 1, "no example network with an equations population");
    }
}
