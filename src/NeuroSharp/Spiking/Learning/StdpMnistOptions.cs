namespace NeuroSharp.Spiking.Learning;

/// <summary>
/// How <see cref="StdpMnistTrainer"/> presents images to the network of Diehl and Cook 2015: rate
/// coding, presentation and rest times, the rate raise for a silent response, and the network itself.
/// </summary>
/// <remarks>
/// Each image (pixels x in [0, 1]) is shown as Poisson rates x (<see cref="MaxRateHz"/> + k
/// <see cref="RateIncreaseHz"/>) for <see cref="PresentationMs"/>, then the inputs are silent for
/// <see cref="RestMs"/>; while the excitatory neurons fire fewer than <see cref="MinSpikes"/> spikes,
/// k grows by 1 and the image is shown again (at most <see cref="MaxRateIncreases"/> times). The
/// code's values: 63.75 Hz (pixel / 4), + 31.875 Hz per raise (pixel / 8), 350 ms, 150 ms, 5 spikes.
/// </remarks>
public sealed record StdpMnistOptions
{
    /// <summary>The network and its constants.</summary>
    public DiehlCookNetworkSpec Network { get; init; } = new();

    /// <summary>The rate of a pixel of intensity 1 in Hz, above 0 (63.75: the code's pixel / 8 x intensity 2 for a pixel of 255).</summary>
    public double MaxRateHz { get; init; } = 63.75;

    /// <summary>How much the rate of a pixel of intensity 1 rises when a presentation was too quiet, in Hz, at least 0 (31.875: one step of the code's intensity).</summary>
    public double RateIncreaseHz { get; init; } = 31.875;

    /// <summary>The fewest excitatory spikes a presentation must give, at least 0 (5).</summary>
    public int MinSpikes { get; init; } = 5;

    /// <summary>The most rate raises for one image, at least 0 (20; the code has no limit, which a blank image would make endless).</summary>
    public int MaxRateIncreases { get; init; } = 20;

    /// <summary>How long an image is shown in ms, above 0 (350).</summary>
    public double PresentationMs { get; init; } = 350;

    /// <summary>How long the inputs are silent after each presentation in ms, at least 0 (150), so that potentials, conductances and traces decay.</summary>
    public double RestMs { get; init; } = 150;

    /// <summary>Checks every value, the network's included.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        const string owner = nameof(StdpMnistOptions);
        SpecChecks.NotNull(owner, nameof(Network), Network);
        Network.Validate();
        SpecChecks.Positive(owner, nameof(MaxRateHz), MaxRateHz);
        SpecChecks.NonNegative(owner, nameof(RateIncreaseHz), RateIncreaseHz);
        OptionChecks.AtLeast(owner, nameof(MinSpikes), MinSpikes, 0);
        OptionChecks.AtLeast(owner, nameof(MaxRateIncreases), MaxRateIncreases, 0);
        SpecChecks.Positive(owner, nameof(PresentationMs), PresentationMs);
        SpecChecks.NonNegative(owner, nameof(RestMs), RestMs);
        if (PresentationMs / Network.DtMs < 1)
            throw new InvalidOptionException(owner, nameof(PresentationMs), $"must last at least one step ({Network.DtMs} ms)", PresentationMs);
    }

    /// <summary>Presentation steps: round(PresentationMs / dt).</summary>
    public int PresentationSteps => (int)Math.Round(PresentationMs / Network.DtMs);

    /// <summary>Rest steps: round(RestMs / dt).</summary>
    public int RestSteps => (int)Math.Round(RestMs / Network.DtMs);
}
