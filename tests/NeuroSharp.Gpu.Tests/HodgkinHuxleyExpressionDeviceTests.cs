using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>An hh population whose gate functions are LEMS expressions: --device gpu refuses it in one sentence (docs/spiking-hh.md).</summary>
public sealed class HodgkinHuxleyExpressionDeviceTests
{
    [Fact]
    public void Unsupported_ExpressionGateFunction_NamesThePopulationAndTheForm()
    {
        var beta = VoltageFunction.Of(new FunctionExpression(new Dictionary<string, double> { ["rate"] = 125, ["midpoint"] = -0.065, ["scale"] = -0.08 },
            [DerivedExpression.Of("r", "rate * exp((v - midpoint)/scale)")], "r"), VoltageFunction.RateFromSi);
        var squid = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952;
        var k = squid.Channels[2];
        var model = squid with { Channels = [squid.Channels[0], squid.Channels[1], k with { Gates = [k.Gates[0] with { Beta = beta }] }] };
        var engine = new SpikingEngine(new NetworkSpec { Populations = [new PopulationSpec { Name = "squid", Count = 2, Model = model }] });
        Assert.Equal("Population \"squid\" has gate functions given as expressions (LEMS ComponentTypes), which --device gpu does not evaluate; use --device cpu.",
            GpuBackend.Unsupported(engine));
    }
}
