namespace NeuroSharp.Reports.Experiments;

/// <summary>An experiment that takes parameters from the command line (<see cref="ExperimentParameters"/>).</summary>
public interface IParameterizedExperiment : IExperiment
{
    /// <summary>
    /// The parameters it reads: any of "neurons", "samples", "epochs", "resume", "checkpoint-every", and
    /// the keys it accepts in <see cref="ExperimentParameters.Values"/>. Others are refused before it runs.
    /// </summary>
    IReadOnlyList<string> ParameterNames { get; }
}
