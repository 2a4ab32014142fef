using System.Text.Json.Nodes;

namespace NeuroSharp.Reports.Experiments;

/// <summary>A picture an experiment wrote, with its caption.</summary>
/// <param name="FileName">The file name in the experiment's folder.</param>
/// <param name="Caption">What it shows.</param>
public sealed record Figure(string FileName, string Caption);

/// <summary>One of our numbers beside the article's (or the paper's) for the same quantity.</summary>
/// <param name="Quantity">What is compared.</param>
/// <param name="Ours">Our value, as text.</param>
/// <param name="Reference">The article's or paper's value, as text, with its source.</param>
public sealed record Comparison(string Quantity, string Ours, string Reference);

/// <summary>What an experiment produced.</summary>
/// <param name="Metrics">Its numbers (also written to metrics.json).</param>
/// <param name="Figures">Its pictures.</param>
/// <param name="Comparisons">Our numbers beside the article's.</param>
public sealed record ExperimentResult(JsonObject Metrics, IReadOnlyList<Figure> Figures, IReadOnlyList<Comparison> Comparisons);
