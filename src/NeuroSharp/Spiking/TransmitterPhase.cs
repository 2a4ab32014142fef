namespace NeuroSharp.Spiking;

/// <summary>
/// The branch a transmitter neuron took in one step (article 002, docs/spiking-transmitter.md). The first matching branch runs, in
/// this priority: <see cref="Recovering"/>, <see cref="Releasing"/>, <see cref="Transmitting"/>,
/// <see cref="Activating"/>, <see cref="Collecting"/>. The numeric values are the codes written to
/// state.csv.
/// </summary>
public enum TransmitterPhase
{
    /// <summary>"НАКАПЛИВАЮ": current += dendrite; dendrite = [0, 0].</summary>
    Collecting = 0,

    /// <summary>"АКТИВИРУЮСЬ": last level above threshold; current = [0, 0]; sta = speed.</summary>
    Activating = 1,

    /// <summary>"ПЕРЕДАЮ": the signal travels down the axon; sta -= 1.</summary>
    Transmitting = 2,

    /// <summary>"ВЫБРАСЫВАЮ": synapse += accumulated; accumulated *= returnability; str = recovery (the neuron's spike).</summary>
    Releasing = 3,

    /// <summary>"ВОССТАНАВЛИВАЮСЬ": str -= 1.</summary>
    Recovering = 4,
}

/// <summary>The names of the phases (as the studio's frames send them), kept next to the enum.</summary>
public static class TransmitterPhaseNames
{
    /// <summary>The phase's lower-case name: collecting, activating, transmitting, releasing or recovering.</summary>
    /// <param name="phase">The phase.</param>
    /// <returns>Its name.</returns>
    public static string ToName(this TransmitterPhase phase) => phase switch
    {
        TransmitterPhase.Collecting => "collecting",
        TransmitterPhase.Activating => "activating",
        TransmitterPhase.Transmitting => "transmitting",
        TransmitterPhase.Releasing => "releasing",
        TransmitterPhase.Recovering => "recovering",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "not a transmitter phase"),
    };
}
