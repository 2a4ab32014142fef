using System.Text.Json;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Pynn;

/// <summary>
/// pyNN.neurosharp against pyNN.brian2 on reduced versions of PyNN's examples (tests/pynn/small_networks.py:
/// VAbenchmarks CUBA and COBA, brunel, Izhikevich, current injection, and the "alpha" synapses). Both backends run the
/// same script; the firing statistics per population, or the v traces, must agree within the tolerances below. The
/// longest comparison, synaptic_input.py, is <see cref="PynnBrian2SynapticInputTests"/>: a class of its own, so that
/// xunit runs it beside this one. Needs Debian's
/// python3-pynn, python3-brian, python3-neo and python3-h5py (./test installs them).
/// </summary>
public class PynnBrian2Tests
{
    /// <summary>
    /// Deterministic cases (no randomness: constant and step currents, listed spikes): every cell's spike
    /// count within one spike of Brian2's (the engines differ only in rounding and in when a one-step input lands).
    /// </summary>
    [Theory]
    [Trait("Category", Categories.Slow)]
    [InlineData("izhikevich", "izh")]
    [InlineData("current", "cells")]
    public void Backend_DeterministicExample_SpikeCountsMatchBrian2(string example, string population)
    {
        var (ours, theirs) = PynnRuns.Both(example);
        var a = ours.GetProperty(population).GetProperty("spikesPerCell").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var b = theirs.GetProperty(population).GetProperty("spikesPerCell").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(b.Length, a.Length);
        Assert.True(a.Sum() > 0, "no cell fired: the comparison would say nothing");
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1, $"cell {i}: {a[i]} spikes on NeuroSharp, {b[i]} on Brian2");
    }

    /// <summary>
    /// Random networks (the same connections and initial values, drawn by PyNN; different Poisson draws; cuba has no
    /// Poisson input and parts from Brian2 where float rounding decides a threshold crossing, docs/results.md, "The
    /// 800-cell cuba case: float against double"): the mean rate within 25% (+ 0.5 Hz) of Brian2's and the mean CV of
    /// ISI within 0.15, per population
    /// (one run each; the recorded runs in docs/results.md differ by at most 7% and 0.1). Brian2 takes 10 to
    /// 17 minutes per case on 2 cores, so these run only with NEUROSHARP_LONG=1.
    /// </summary>
    [LongTheory]
    [Trait("Category", Categories.Statistical)]
    [Trait("Category", Categories.Slow)]
    [InlineData("cuba", "exc", "inh")]
    [InlineData("coba", "exc", "inh")]
    [InlineData("brunel", "E_net", "I_net")]
    public void Backend_RandomNetwork_StatisticsWithinToleranceOfBrian2(string example, string first, string second)
    {
        var (ours, theirs) = PynnRuns.Both(example);
        AssertStatisticsAgree(example, ours, theirs, first, second);
    }

    /// <summary>
    /// PyNN's VAbenchmarks.py CUBA at the size docs/results.md compares on both backends (tools/pynn/reduce_examples.py:
    /// 400 cells, connection probability 0.2, so the in-degree of 80 of the full size; the script's 1000 ms; the same
    /// connections as the reduced script): mean rate within 25% (+ 0.5 Hz) of Brian2's and mean CV of ISI within 0.15
    /// per population, as above (since initial values are drawn by PyNN as on Brian2, the recorded runs give the same 1 823
    /// and 430 spikes, 13 of them a step apart by float rounding: this network has no other randomness; docs/results.md). COBA at this size is not a
    /// case: its activity dies within ~100 ms on both backends, and the size of that transient varies by a factor of
    /// 2 between seeds of one backend (docs/results.md), more than a one-run tolerance can allow. Brian2 takes
    /// several minutes on 2 cores, so this runs only with NEUROSHARP_LONG=1.
    /// </summary>
    [LongTheory]
    [Trait("Category", Categories.Statistical)]
    [Trait("Category", Categories.Slow)]
    [InlineData("cuba10")]
    public void Backend_ReducedVAbenchmarks_RatesWithinToleranceOfBrian2(string example)
    {
        var (ours, theirs) = PynnRuns.Both(example);
        AssertStatisticsAgree(example, ours, theirs, "exc", "inh");
    }

    private static void AssertStatisticsAgree(string example, JsonElement ours, JsonElement theirs, params string[] populations)
    {
        foreach (string population in populations)
        {
            double rate = ours.GetProperty(population).GetProperty("meanRateHz").GetDouble();
            double reference = theirs.GetProperty(population).GetProperty("meanRateHz").GetDouble();
            Assert.True(reference > 0.5, $"{population}: Brian2 fired at {reference} Hz, too little to compare");
            Assert.True(Math.Abs(rate - reference) <= 0.25 * reference + 0.5, $"{example} {population}: {rate:F2} Hz on NeuroSharp, {reference:F2} Hz on Brian2");
            var cv = ours.GetProperty(population).GetProperty("cvIsi");
            var cvReference = theirs.GetProperty(population).GetProperty("cvIsi");
            Assert.True(cvReference.ValueKind == JsonValueKind.Number, $"{example} {population}: no cell fired 3 spikes on Brian2, so there is no CV to compare");
            Assert.True(cv.ValueKind == JsonValueKind.Number, $"{example} {population}: no cell fired 3 spikes on NeuroSharp (Brian2's CV {cvReference.GetDouble():F3})");
            Assert.True(Math.Abs(cv.GetDouble() - cvReference.GetDouble()) <= 0.15, $"{example} {population}: CV {cv.GetDouble():F3} on NeuroSharp, {cvReference.GetDouble():F3} on Brian2");
        }
    }

    /// <summary>
    /// The "alpha" case on both backends: the excitatory IF_curr_alpha cell and the IF_curr_delta cell within 1e-3 mV of
    /// Brian2's traces (both integrate them exactly), the IF_cond_alpha cell's EPSP peak within 1.5% of Brian2's (its forward Euler at
    /// 0.1 ms overshoots the ODE's peak by 0.8%). The inhibitory cell is not compared: PyNN 0.10.1's Brian2
    /// equations give the inhibitory alpha current tau_syn_E, not tau_syn_I (docs/pynn.md).
    /// </summary>
    [Fact]
    [Trait("Category", Categories.Slow)]
    public void Backend_AlphaSynapses_MatchBrian2()
    {
        var (ours, theirs) = PynnRuns.Both("alpha");
        double[] Trace(JsonElement populations, string name, int cell) =>
            populations.GetProperty(name).GetProperty("v")[cell].EnumerateArray().Select(x => x.GetDouble()).ToArray();
        double[] a = Trace(ours, "cuba", 0), b = Trace(theirs, "cuba", 0);
        Assert.Equal(b.Length, a.Length);
        double worst = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
        Assert.True(worst < 1e-3, $"IF_curr_alpha: v differs from Brian2's by up to {worst} mV");
        double peak = Trace(ours, "coba", 0).Max() + 65, reference = Trace(theirs, "coba", 0).Max() + 65;
        Assert.True(Math.Abs(peak - reference) <= 0.015 * reference, $"IF_cond_alpha EPSP peak {peak:F4} mV, Brian2's {reference:F4} mV");
        double deltaWorst = Trace(ours, "delta", 0).Zip(Trace(theirs, "delta", 0), (x, y) => Math.Abs(x - y)).Max();
        Assert.True(deltaWorst < 1e-3, $"IF_curr_delta: v differs from Brian2's by up to {deltaWorst} mV");
    }
}
