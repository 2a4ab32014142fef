using System.Text.Json;

namespace NeuroSharp.Spiking;

internal static partial class NetworkFileWriter
{
    private static void WriteModel(Utf8JsonWriter w, NeuronModelSpec model)
    {
        w.WriteString("model", NeuronModels.NameOf(model));
        w.WriteStartObject("params");
        switch (model)
        {
            case TransmitterNeuronSpec t:
                w.WriteNumber("threshold", t.Threshold);
                w.WriteNumber("returnability", t.Returnability);
                w.WriteNumber("speedSteps", t.SpeedSteps);
                w.WriteNumber("recoverySteps", t.RecoverySteps);
                w.WriteNumber("initialStepsToActivation", t.InitialStepsToActivation);
                Amount(w, "reproductivity", t.Reproductivity);
                w.WriteNumber("synapseRetention", t.SynapseRetention);
                break;
            case LifNeuronSpec l:
                w.WriteNumber("tauMs", l.TauMs);
                w.WriteNumber("restMv", l.RestMv);
                w.WriteNumber("resetMv", l.ResetMv);
                w.WriteNumber("thresholdMv", l.ThresholdMv);
                w.WriteNumber("refractoryMs", l.RefractoryMs);
                w.WriteNumber("tauExcMs", l.TauExcMs);
                w.WriteNumber("tauInhMs", l.TauInhMs);
                AdaptiveThreshold(w, l.AdaptiveThreshold);
                break;
            case ConductanceLifNeuronSpec c:
                w.WriteNumber("tauMs", c.TauMs);
                w.WriteNumber("restMv", c.RestMv);
                w.WriteNumber("resetMv", c.ResetMv);
                w.WriteNumber("thresholdMv", c.ThresholdMv);
                w.WriteNumber("refractoryMs", c.RefractoryMs);
                w.WriteNumber("tauExcMs", c.TauExcMs);
                w.WriteNumber("tauInhMs", c.TauInhMs);
                w.WriteNumber("excReversalMv", c.ExcReversalMv);
                w.WriteNumber("inhReversalMv", c.InhReversalMv);
                AdaptiveThreshold(w, c.AdaptiveThreshold);
                break;
            case IzhikevichNeuronSpec z:
                w.WriteNumber("a", z.A);
                w.WriteNumber("b", z.B);
                w.WriteNumber("c", z.C);
                w.WriteNumber("d", z.D);
                w.WriteNumber("peakMv", z.PeakMv);
                w.WriteNumber("tauExcMs", z.TauExcMs);
                w.WriteNumber("tauInhMs", z.TauInhMs);
                break;
            case AdExNeuronSpec a:
                w.WriteNumber("capacitancePf", a.CapacitancePf);
                w.WriteNumber("leakNs", a.LeakNs);
                w.WriteNumber("restMv", a.RestMv);
                w.WriteNumber("thresholdMv", a.ThresholdMv);
                w.WriteNumber("slopeMv", a.SlopeMv);
                w.WriteNumber("peakMv", a.PeakMv);
                w.WriteNumber("resetMv", a.ResetMv);
                w.WriteNumber("adaptationNs", a.AdaptationNs);
                w.WriteNumber("spikeAdaptationPa", a.SpikeAdaptationPa);
                w.WriteNumber("tauWMs", a.TauWMs);
                w.WriteNumber("refractoryMs", a.RefractoryMs);
                w.WriteNumber("tauExcMs", a.TauExcMs);
                w.WriteNumber("tauInhMs", a.TauInhMs);
                break;
            case PoissonSourceSpec p:
                if (p.RatesHz is { } rates) Numbers(w, "ratesHz", rates);
                else w.WriteNumber("rateHz", p.RateHz);
                break;
            case SpikeTimesSourceSpec s:
                Ints(w, "indices", s.Indices);
                Numbers(w, "timesMs", s.TimesMs);
                break;
        }
        w.WriteEndObject();
    }

    private static void AdaptiveThreshold(Utf8JsonWriter w, AdaptiveThresholdSpec? a)
    {
        if (a is null) return;
        w.WriteStartObject("adaptiveThreshold");
        w.WriteNumber("incrementMv", a.IncrementMv);
        w.WriteNumber("tauMs", a.TauMs);
        w.WriteEndObject();
    }
}
