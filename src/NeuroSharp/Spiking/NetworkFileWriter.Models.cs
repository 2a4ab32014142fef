using System.Text.Json;

namespace NeuroSharp.Spiking;

internal static partial class NetworkFileWriter
{
    private static void WriteModel(Utf8JsonWriter w, NeuronModelSpec model)
    {
        var descriptor = NeuronModels.DescriptorOf(model);
        w.WriteString("model", descriptor.Name);
        w.WriteStartObject("params");
        descriptor.Write(w, model);
        w.WriteEndObject();
    }

    /// <summary>An adaptive threshold, if there is one.</summary>
    internal static void AdaptiveThreshold(Utf8JsonWriter w, AdaptiveThresholdSpec? a)
    {
        if (a is null) return;
        w.WriteStartObject("adaptiveThreshold");
        w.WriteNumber("incrementMv", a.IncrementMv);
        w.WriteNumber("tauMs", a.TauMs);
        w.WriteEndObject();
    }
}
