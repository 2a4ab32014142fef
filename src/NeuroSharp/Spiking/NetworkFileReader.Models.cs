namespace NeuroSharp.Spiking;

internal static partial class NetworkFileReader
{
    /// <summary>"model", optional "preset", and "params" (each parameter from params, else from the preset).</summary>
    private static NeuronModelSpec ReadModel(JsonObjectReader o)
    {
        string model = o.RequiredString("model");
        if (!NeuronModels.Presets.TryGetValue(model, out var presets))
            throw JsonObjectReader.Fail(o.At("model"), $"is '{model}', not a known model (known: {string.Join(", ", NeuronModels.Names)}).");
        NeuronModelSpec? preset = null;
        if (o.OptionalString("preset") is { } name)
        {
            if (!presets.TryGetValue(name, out preset))
                throw JsonObjectReader.Fail(o.At("preset"), $"is '{name}', not a preset of model '{model}' (known: {(presets.Count == 0 ? "none" : string.Join(", ", presets.Keys))}).");
        }
        System.Text.Json.JsonElement? element = o.Has("params") ? o.Get("params") : null;
        string path = o.At("params");
        bool hasPreset = preset is not null;
        switch (model)
        {
            case NeuronModels.Transmitter:
            {
                var b = preset as TransmitterNeuronSpec;
                var p = new ModelParameters(element, path, model, hasPreset,
                    ["threshold", "returnability", "speedSteps", "recoverySteps", "initialStepsToActivation", "reproductivity", "synapseRetention"], []);
                return new TransmitterNeuronSpec
                {
                    Threshold = p.Number("threshold", b?.Threshold), Returnability = p.Number("returnability", b?.Returnability),
                    SpeedSteps = p.Int("speedSteps", b?.SpeedSteps), RecoverySteps = p.Int("recoverySteps", b?.RecoverySteps),
                    InitialStepsToActivation = p.Int("initialStepsToActivation", b?.InitialStepsToActivation),
                    Reproductivity = p.Amount("reproductivity", b?.Reproductivity), SynapseRetention = p.Number("synapseRetention", b?.SynapseRetention),
                };
            }
            case NeuronModels.Lif:
            {
                var b = preset as LifNeuronSpec;
                var p = new ModelParameters(element, path, model, hasPreset,
                    ["tauMs", "restMv", "resetMv", "thresholdMv", "refractoryMs", "tauExcMs", "tauInhMs"], ["adaptiveThreshold"]);
                return new LifNeuronSpec
                {
                    TauMs = p.Number("tauMs", b?.TauMs), RestMv = p.Number("restMv", b?.RestMv), ResetMv = p.Number("resetMv", b?.ResetMv),
                    ThresholdMv = p.Number("thresholdMv", b?.ThresholdMv), RefractoryMs = p.Number("refractoryMs", b?.RefractoryMs),
                    TauExcMs = p.Number("tauExcMs", b?.TauExcMs), TauInhMs = p.Number("tauInhMs", b?.TauInhMs),
                    AdaptiveThreshold = p.AdaptiveThreshold(b?.AdaptiveThreshold),
                };
            }
            case NeuronModels.ConductanceLif:
            {
                var b = preset as ConductanceLifNeuronSpec;
                var p = new ModelParameters(element, path, model, hasPreset,
                    ["tauMs", "restMv", "resetMv", "thresholdMv", "refractoryMs", "tauExcMs", "tauInhMs", "excReversalMv", "inhReversalMv"], ["adaptiveThreshold"]);
                return new ConductanceLifNeuronSpec
                {
                    TauMs = p.Number("tauMs", b?.TauMs), RestMv = p.Number("restMv", b?.RestMv), ResetMv = p.Number("resetMv", b?.ResetMv),
                    ThresholdMv = p.Number("thresholdMv", b?.ThresholdMv), RefractoryMs = p.Number("refractoryMs", b?.RefractoryMs),
                    TauExcMs = p.Number("tauExcMs", b?.TauExcMs), TauInhMs = p.Number("tauInhMs", b?.TauInhMs),
                    ExcReversalMv = p.Number("excReversalMv", b?.ExcReversalMv), InhReversalMv = p.Number("inhReversalMv", b?.InhReversalMv),
                    AdaptiveThreshold = p.AdaptiveThreshold(b?.AdaptiveThreshold),
                };
            }
            case NeuronModels.Izhikevich:
            {
                var b = preset as IzhikevichNeuronSpec;
                var p = new ModelParameters(element, path, model, hasPreset, ["a", "b", "c", "d", "peakMv", "tauExcMs", "tauInhMs"], []);
                return new IzhikevichNeuronSpec
                {
                    A = p.Number("a", b?.A), B = p.Number("b", b?.B), C = p.Number("c", b?.C), D = p.Number("d", b?.D),
                    PeakMv = p.Number("peakMv", b?.PeakMv), TauExcMs = p.Number("tauExcMs", b?.TauExcMs), TauInhMs = p.Number("tauInhMs", b?.TauInhMs),
                };
            }
            case NeuronModels.AdEx:
            {
                var b = preset as AdExNeuronSpec;
                var p = new ModelParameters(element, path, model, hasPreset,
                    ["capacitancePf", "leakNs", "restMv", "thresholdMv", "slopeMv", "peakMv", "resetMv", "adaptationNs", "spikeAdaptationPa", "tauWMs",
                     "refractoryMs", "tauExcMs", "tauInhMs"], []);
                return new AdExNeuronSpec
                {
                    CapacitancePf = p.Number("capacitancePf", b?.CapacitancePf), LeakNs = p.Number("leakNs", b?.LeakNs), RestMv = p.Number("restMv", b?.RestMv),
                    ThresholdMv = p.Number("thresholdMv", b?.ThresholdMv), SlopeMv = p.Number("slopeMv", b?.SlopeMv), PeakMv = p.Number("peakMv", b?.PeakMv),
                    ResetMv = p.Number("resetMv", b?.ResetMv), AdaptationNs = p.Number("adaptationNs", b?.AdaptationNs),
                    SpikeAdaptationPa = p.Number("spikeAdaptationPa", b?.SpikeAdaptationPa), TauWMs = p.Number("tauWMs", b?.TauWMs),
                    RefractoryMs = p.Number("refractoryMs", b?.RefractoryMs), TauExcMs = p.Number("tauExcMs", b?.TauExcMs), TauInhMs = p.Number("tauInhMs", b?.TauInhMs),
                };
            }
            case NeuronModels.Poisson:
            {
                var p = new ModelParameters(element, path, model, hasPreset, ["rateHz"], ["ratesHz"]);
                var rates = p.OptionalNumbers("ratesHz");
                return new PoissonSourceSpec { RatesHz = rates, RateHz = rates is null ? p.Number("rateHz", null) : p.OptionalNumber("rateHz") ?? 0 };
            }
            default:
            {
                var p = new ModelParameters(element, path, model, hasPreset, ["indices", "timesMs"], []);
                var indices = p.OptionalInts("indices") ?? throw JsonObjectReader.Fail(path + ".indices", $"is missing (model '{model}' needs indices, timesMs).");
                var times = p.OptionalNumbers("timesMs") ?? throw JsonObjectReader.Fail(path + ".timesMs", $"is missing (model '{model}' needs indices, timesMs).");
                return new SpikeTimesSourceSpec { Indices = indices, TimesMs = times };
            }
        }
    }
}
