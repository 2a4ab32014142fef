using System.Runtime.Intrinsics;
using System.Text.RegularExpressions;
using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary>
/// The equations model's compiled kernel at both vector widths (docs/spiking-equations.md, "How it runs"): EquationKernel
/// takes <see cref="Vector512{T}"/> where 512-bit vectors are accelerated and <see cref="Vector256{T}"/> otherwise, and
/// every lane is the same IEEE operation, so the two widths give the same spikes and states bit for bit. This machine has
/// AVX-512, so the 256-bit path runs only in a child process whose runtime is told not to use it.
/// </summary>
public partial class EquationsVectorWidthTests
{
    /// <summary>
    /// Three equations populations of 37 neurons (two full 512-bit vectors and a tail of 5; four 256-bit ones and the same
    /// tail): exp, tanh, sqrt, abs, log, min, max, pow, clip, ** 0.5, comparisons, and, not; euler and rk4; resets,
    /// refractoriness, Poisson input and all-to-all projections, so a difference in one lane spreads. Not sin or cos: .NET's
    /// vector sin and cos choose their algorithm per vector, so they may differ in the last place between widths.
    /// </summary>
    private const string Network = """
        {
          "format": "neurosharp.network", "version": 1, "name": "equations-widths", "dtMs": 0.1, "durationMs": 200,
          "populations": [
            { "name": "adex", "count": 37, "model": "equations",
              "params": {
                "parameters": { "tau": 10, "El": -65, "Vt": -52, "Vr": -70, "dT": 2, "a": 0.1, "tauW": 50, "tauE": 5 },
                "variables": { "v": -65, "w": 0, "ge": 0 },
                "equations": ["dv/dt = (El - v + dT * exp((v - Vt) / dT) - w + ge) / tau", "dw/dt = (a * (v - El) - w) / tauW", "dge/dt = -ge / tauE"],
                "threshold": "v > -40", "reset": ["v = Vr", "w += 2"], "refractoryMs": 2,
                "inputs": { "excitatory": "ge", "inhibitory": "ge", "inhibitorySign": -1 } },
              "initial": { "v": { "uniform": [-70, -55] }, "w": { "normal": [0, 1] } } },
            { "name": "rk", "count": 37, "model": "equations",
              "params": {
                "parameters": { "tau": 12, "El": -65 },
                "variables": { "v": -65, "ge": 0 },
                "equations": ["dv/dt = (El - v + 20 * tanh(ge / 10) + sqrt(abs(v - El) + 1) - 1) / tau", "dge/dt = -ge / 3", "drive = log(1 + ge * ge) + max(v, -60) / min(ge + 2, 5)"],
                "threshold": "v > -55 and ge > 0.1", "reset": ["v = -68", "ge = ge * 0.5"], "method": "rk4",
                "inputs": { "excitatory": "ge", "inhibitory": "ge", "inhibitorySign": -1 } },
              "initial": { "v": { "uniform": [-68, -56] } } },
            { "name": "gate", "count": 37, "model": "equations",
              "params": {
                "parameters": { "tau": 8 },
                "variables": { "v": -65, "ge": 0 },
                "equations": ["dv/dt = (-(v + 65) + ge * (1 + (v > -60)) + 3 * (not (ge < 0.5))) / tau (unless refractory)", "dge/dt = -ge / 4", "y = clip(pow(abs(v + 65) + 0.5, 1.5), 0, 50) ** 0.5"],
                "threshold": "v >= -54", "reset": ["v = -66"], "refractoryMs": 1.5,
                "inputs": { "excitatory": "ge", "inhibitory": "ge", "inhibitorySign": -1 } },
              "initial": { "v": { "normal": [-62, 2] } } }
          ],
          "projections": [
            { "source": "adex", "target": "rk", "receptor": "excitatory", "connectivity": { "rule": "allToAll" }, "weight": 0.4 },
            { "source": "rk", "target": "gate", "receptor": "excitatory", "connectivity": { "rule": "allToAll" }, "weight": 0.3 },
            { "source": "gate", "target": "adex", "receptor": "inhibitory", "connectivity": { "rule": "allToAll" }, "weight": 0.2 }
          ],
          "inputs": [
            { "type": "poisson", "target": "adex", "sourceCount": 50, "rateHz": 60, "weight": 3, "receptor": "excitatory" },
            { "type": "poisson", "target": "rk", "sourceCount": 50, "rateHz": 40, "weight": 2, "receptor": "excitatory" },
            { "type": "poisson", "target": "gate", "sourceCount": 50, "rateHz": 40, "weight": 2, "receptor": "excitatory" }
          ],
          "monitors": [
            { "type": "spikes", "target": "adex" }, { "type": "spikes", "target": "rk" }, { "type": "spikes", "target": "gate" },
            { "type": "state", "target": "adex", "variables": ["v", "w", "ge"], "everySteps": 5 },
            { "type": "state", "target": "rk", "variables": ["v", "ge", "drive"], "everySteps": 5 },
            { "type": "state", "target": "gate", "variables": ["v", "ge", "y"], "everySteps": 5 }
          ]
        }
        """;

    /// <summary>
    /// The network simulated by three child processes: as the runtime starts here (512-bit vectors), with AVX-512 off
    /// (DOTNET_EnableAVX512=0, a CPU with AVX2 only) and with 512-bit instructions kept but the preferred width 256
    /// (DOTNET_PreferredVectorBitWidth=256, as the runtime sets itself on CPUs that slow down at 512 bits). Each child's
    /// JIT log (DOTNET_JitDisasmSummary) names the width of the kernel methods it compiled (the tail's LoadPart, Power, tanh),
    /// so a knob the runtime stopped reading (.NET 10 no longer reads DOTNET_EnableAVX512F) fails here instead of comparing
    /// the 512-bit path with itself. spikes.csv and state.csv (every value with "R", round-trip) must be the same bytes.
    /// </summary>
    [Fact]
    [Trait("Category", Categories.Slow)]
    public async Task Kernel_At256Bits_SameSpikesAndStatesAsAt512Bits()
    {
        Assert.True(Vector512.IsHardwareAccelerated, "this machine has no AVX-512: the default run is the 256-bit path already, and nothing here compares the two widths");
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), Network);
        (string Name, string Knob, string Value, int Width)[] runs =
        [
            ("default", "NEUROSHARP_TEST_RUN", "default", 512),
            ("avx2", "DOTNET_EnableAVX512", "0", 256),
            ("prefer256", "DOTNET_PreferredVectorBitWidth", "256", 256),
        ];
        await Task.WhenAll(runs.Select(async r =>
        {
            string jit = dir.File(r.Name + ".jit.txt");
            var environment = new Dictionary<string, string> { [r.Knob] = r.Value, ["DOTNET_JitStdOutFile"] = jit, ["DOTNET_JitDisasmSummary"] = "1" };
            var (exit, _, err) = await RunProcessWithEnvironmentAsync(environment, 300, "simulate", dir.File("net.json"), "--threads", "1", "--quiet", "--out", dir.File(r.Name));
            Assert.True(exit == 0, $"{r.Name}: {err}");
            var widths = KernelWidths(File.ReadAllLines(jit));
            Assert.True(widths.SetEquals([r.Width]), $"{r.Name} ({r.Knob}={r.Value}): the kernel methods the JIT compiled use Vector{string.Join("/", widths)}, not Vector{r.Width}");
        }));
        foreach (string file in new[] { "spikes.csv", "state.csv" })
        {
            string[] expected = File.ReadAllLines(Path.Combine(dir.File("default"), file));
            Assert.True(expected.Length > 1000, $"{file} has {expected.Length} lines: the network barely ran");
            foreach (var r in runs.Skip(1))
            {
                string[] actual = File.ReadAllLines(Path.Combine(dir.File(r.Name), file));
                int first = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i], -1);
                Assert.True(first < 0 && expected.Length == actual.Length,
                    $"{file}: {r.Name} differs from the 512-bit run" + (first < 0 ? $" in length ({actual.Length} lines, not {expected.Length})" : $" at line {first + 1}: {actual[first]} against {expected[first]}"));
            }
        }
    }

    /// <summary>The vector widths (512, 256) in the signatures of the EquationKernel methods a JIT log lists.</summary>
    private static HashSet<int> KernelWidths(IEnumerable<string> jitLog) =>
        [.. jitLog.Where(l => l.Contains("EquationKernel", StringComparison.Ordinal))
            .SelectMany(l => VectorType().Matches(l).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))];

    [GeneratedRegex(@"Vector(512|256)`1")]
    private static partial Regex VectorType();
}
