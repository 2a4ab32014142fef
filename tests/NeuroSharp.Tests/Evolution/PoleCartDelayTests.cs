using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Evolution;

/// <summary>The delay-line circuit with x's own slow-path delay (<c>evolve --cart-delay</c>; docs/evolution-pole-balancing.md,
/// "A slower difference for the cart").</summary>
public class PoleCartDelayTests
{
    [Theory]
    [InlineData(SensorCode.Log)]
    [InlineData(SensorCode.Linear)]
    public void CartDelayCircuit_StartAtTheSharedDelay_SameSynapsesAsTheEightNumberCircuit(SensorCode code)
    {
        // With x's delay starting at the shared 20 ms and its genome component equal to the shared delay's, the nine-number
        // circuit is the eight-number one synapse for synapse, delay for delay, for any gains.
        var eight = PoleVelocityCircuit.TemplateFor(code);
        var nine = PoleVelocityCircuit.WithCartDelay(code, PoleVelocityCircuit.StartDelayMs);
        Assert.Equal(eight.Dimension + 1, nine.Dimension);
        double[] g8 = [0.7, -1.3, -2.1, 0.4, 1.9, -0.6, 0.3, 0.45];
        double[] g9 = [.. g8, g8[^1]];
        var a = eight.Decode(eight.ToGenome(0, g8), ControllerModel.Lif);
        var b = nine.Decode(nine.ToGenome(0, g9), ControllerModel.Lif);
        Assert.Equal(eight.Name + "-cart-delay", b.Name);
        Assert.Equal(NetworkFile.ToJson(a with { Name = "", Description = "" }), NetworkFile.ToJson(b with { Name = "", Description = "" }));
    }

    [Fact]
    public void CartDelayCircuit_XSlowPathHasItsOwnDelay_AnglesKeepTheShared()
    {
        var t = PoleVelocityCircuit.WithCartDelay(SensorCode.Linear, 100);
        var g = new double[t.Dimension];
        g[1] = 1;   // x velocity gain 50 mV
        g[3] = -1;  // theta1 velocity gain -50 mV
        g[5] = 2;   // theta2 velocity gain 100 mV
        g[8] = 1;   // x delay 100 e^0.5 = 164.87 ms -> 659.5 engine steps -> 659 -> 164.75 ms
        var net = t.Decode(t.ToGenome(0, g), ControllerModel.Lif);
        net.Validate();
        int slowSynapses = 0;
        foreach (var p in net.Projections.Where(p => p.Name!.Contains(":slow:", StringComparison.Ordinal)))
        {
            var c = (ExplicitConnectivity)p.Connectivity;
            for (int k = 0; k < c.Sources.Count; k++, slowSynapses++)
                Assert.Equal(c.Sources[k] < 2 ? 164.75 : 20, c.DelaysMs![k], 12); // sensors 0, 1 are x+ and x-
        }
        Assert.Equal(12, slowSynapses); // 3 variables x 2 halves x 2 motors
        Assert.All(net.Projections.Where(p => p.Name!.Contains(":fast:", StringComparison.Ordinal)),
            p => Assert.All(((ExplicitConnectivity)p.Connectivity).DelaysMs!, d => Assert.Equal(0, d)));
        Assert.Contains("164.8 ms for x", net.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void CartDelayCircuit_MirroredWeights_PushPullAsTheEightNumberCircuit()
    {
        // Invariant: x+ reaches "push right" with the weight x- reaches "push left" on each path, and the other motor with the
        // opposite sign, so the circuit stays mirror-symmetric with its own x delay.
        var t = PoleVelocityCircuit.WithCartDelay(SensorCode.Linear, 200);
        double[] g = [-0.4, 1.5, -2, -3, 1, 2.5, 0, 0, -0.7];
        var net = t.Decode(t.ToGenome(0, g), ControllerModel.Lif);
        foreach (string path in new[] { "fast", "slow" })
        {
            double Signed(int s, int m) => Find(net, path, s, m);
            Assert.Equal(Signed(0, 0), Signed(1, 1), 12);
            Assert.Equal(Signed(0, 1), Signed(1, 0), 12);
            Assert.Equal(-Signed(0, 0), Signed(0, 1), 12);
        }
        // Fast path P + V = -20 + 75 = 55 mV; slow path -V = -75 mV (inhibitory 75 on x+ -> push right).
        Assert.Equal(55, Find(net, "fast", 0, 0), 12);
        Assert.Equal(-75, Find(net, "slow", 0, 0), 12);
    }

    [Fact]
    public void CartDelayCircuit_GenomeFarOut_XDelayHeldTo1000Ms()
    {
        // CMA-ES drove x's delay to minutes (delay rings of gigabytes): the decoded delay stops at 1 000 ms.
        var t = PoleVelocityCircuit.WithCartDelay(SensorCode.Linear, 100);
        var g = new double[t.Dimension];
        g[1] = 1;
        g[8] = 18; // 100 e^9 ms, about 13.5 minutes
        var net = t.Decode(t.ToGenome(0, g), ControllerModel.Lif);
        var slow = net.Projections.Where(p => p.Name!.Contains(":slow:", StringComparison.Ordinal)).Select(p => (ExplicitConnectivity)p.Connectivity);
        Assert.Equal(PoleVelocityCircuit.MaxCartDelayMs, slow.SelectMany(c => c.DelaysMs!).Max());
        Assert.Equal(4, slow.Sum(c => c.DelaysMs!.Count(d => d == PoleVelocityCircuit.MaxCartDelayMs)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.5)]
    [InlineData(1001)]
    [InlineData(double.NaN)]
    public void CartDelayCircuit_StartOutOfRange_RefusedWithOneSentence(double ms)
    {
        var e = Assert.Throws<InvalidInputException>(() => PoleVelocityCircuit.WithCartDelay(SensorCode.Linear, ms));
        Assert.StartsWith("--cart-delay must be between 1 and 1000 ms", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Task_CartDelay_SwitchesTheCircuitOnlyOnDoublePoleNv()
    {
        var task = new PoleBalancingTask(PoleVariant.DoublePoleNoVelocity, sensorCode: SensorCode.Linear);
        Assert.Null(task.CartDelayMs);
        Assert.Same(PoleVelocityCircuit.LinearTemplate, task.Circuit);
        task.CartDelayMs = 80;
        Assert.Equal(80, task.CartDelayMs);
        Assert.Equal(9, task.Circuit!.Dimension);
        task.CartDelayMs = null;
        Assert.Same(PoleVelocityCircuit.LinearTemplate, task.Circuit);
        var withVelocities = new PoleBalancingTask(PoleVariant.DoublePole);
        var e = Assert.Throws<InvalidInputException>(() => withVelocities.CartDelayMs = 80);
        Assert.Contains("double-pole-nv", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The signed weight (inhibitory negative) of a sensor's synapse onto a motor on a path.</summary>
    private static double Find(NetworkSpec net, string path, int source, int motor)
    {
        foreach (var p in net.Projections.Where(p => p.Name!.Contains($":{path}:", StringComparison.Ordinal)))
        {
            var c = (ExplicitConnectivity)p.Connectivity;
            for (int k = 0; k < c.Sources.Count; k++)
                if (c.Sources[k] == source && c.Targets[k] == motor) return p.Receptor == Receptor.Inhibitory ? -c.Weights![k] : c.Weights![k];
        }
        return 0;
    }
}
