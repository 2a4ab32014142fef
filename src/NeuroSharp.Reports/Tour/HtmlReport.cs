using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NeuroSharp.Reports.Tour;

/// <summary>The tour's report.html: a summary table of our numbers beside the articles', then one section per experiment.</summary>
public static class HtmlReport
{
    /// <summary>The five source articles by id.</summary>
    public static readonly IReadOnlyDictionary<string, string> Articles = new Dictionary<string, string>
    {
        ["000"] = "Neurons as clusterizers; meta-clustering, dreams, analogy, imagination",
        ["001"] = "Hinton: how a brain could do backpropagation (feedback alignment, temporal derivatives)",
        ["002"] = "A neuron simulated with excitatory and inhibitory transmitters; a network editor",
        ["003"] = "Stochastic computing, hash neurons and correlation neurons; a cortical column",
        ["004"] = "Spike rate coding, STDP, direct feedback alignment",
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Renders the report.</summary>
    /// <param name="tour">What the tour did.</param>
    /// <param name="options">How it ran.</param>
    /// <returns>The HTML page.</returns>
    public static string Render(TourResult tour, TourOptions options)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>NeuroSharp tour</title>\n<style>");
        h.Append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}");
        h.Append("table{border-collapse:collapse;margin:1em 0;width:100%}td,th{border:1px solid #ccc;padding:.35em .6em;text-align:left;vertical-align:top}");
        h.Append("th{background:#f3f3f3}figure{display:inline-block;margin:.5em 1em .5em 0;max-width:100%}img{max-width:100%;border:1px solid #ddd}");
        h.Append("figcaption{font-size:.9em;color:#555;max-width:640px}.failed{color:#b00}.meta{color:#666;font-size:.9em}pre{background:#f7f7f7;padding:.6em;overflow:auto;font-size:.85em}");
        h.Append("</style></head><body>\n");
        h.Append("<h1>NeuroSharp tour</h1>\n");
        int ok = tour.Entries.Count(e => e.Error is null);
        h.Append(CultureInfo.InvariantCulture,
            $"<p class=\"meta\">{(options.Quick ? "Quick" : "Full")} tour, seed {options.Seed}, {ok} of {tour.Entries.Count} experiments ran, " +
            $"in {FormatDuration(tour.Seconds)} on {Environment.ProcessorCount} cores ({Esc(System.Runtime.InteropServices.RuntimeInformation.OSDescription)}, " +
            $".NET {Environment.Version}), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. " +
            $"Rerun with <code>./neurosharp tour{(options.Quick ? " --quick" : "")} --seed {options.Seed}</code>.</p>\n");

        h.Append("<h2>Our numbers beside the articles'</h2>\n<table><tr><th>experiment</th><th>quantity</th><th>ours</th><th>article / paper</th></tr>\n");
        foreach (var e in tour.Entries)
        {
            if (e.Result is null)
            {
                h.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"#{e.Experiment.Name}\">{Esc(e.Experiment.Name)}</a></td><td colspan=\"3\" class=\"failed\">failed: {Esc(e.Error!)}</td></tr>\n");
                continue;
            }
            foreach (var c in e.Result.Comparisons)
                h.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"#{e.Experiment.Name}\">{Esc(e.Experiment.Name)}</a></td><td>{Esc(c.Quantity)}</td><td>{Esc(c.Ours)}</td><td>{Esc(c.Reference)}</td></tr>\n");
        }
        h.Append("</table>\n");

        foreach (var group in tour.Entries.GroupBy(e => e.Experiment.Article))
        {
            h.Append(CultureInfo.InvariantCulture, $"<h2>Article {Esc(group.Key)}: {Esc(Articles.GetValueOrDefault(group.Key, ""))}</h2>\n");
            foreach (var e in group) Section(h, e);
        }
        h.Append("</body></html>\n");
        return h.ToString();
    }

    private static void Section(StringBuilder h, TourEntry e)
    {
        var x = e.Experiment;
        h.Append(CultureInfo.InvariantCulture, $"<h3 id=\"{x.Name}\">{Esc(x.Title)} <span class=\"meta\">({Esc(x.Name)}, {FormatDuration(e.Seconds)})</span></h3>\n");
        h.Append(CultureInfo.InvariantCulture, $"<p>{Esc(x.Description)}</p>\n");
        h.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Run alone: <code>./neurosharp experiment run {x.Name}</code></p>\n");
        if (e.Result is null)
        {
            h.Append(CultureInfo.InvariantCulture, $"<p class=\"failed\">This experiment failed: {Esc(e.Error!)}</p>\n");
            return;
        }
        foreach (var f in e.Result.Figures)
            h.Append(CultureInfo.InvariantCulture, $"<figure><img src=\"{Uri.EscapeDataString(x.Name)}/{Uri.EscapeDataString(f.FileName)}\" alt=\"{Esc(f.Caption)}\"><figcaption>{Esc(f.Caption)}</figcaption></figure>\n");
        h.Append("<table><tr><th>quantity</th><th>ours</th><th>article / paper</th></tr>\n");
        foreach (var c in e.Result.Comparisons) h.Append(CultureInfo.InvariantCulture, $"<tr><td>{Esc(c.Quantity)}</td><td>{Esc(c.Ours)}</td><td>{Esc(c.Reference)}</td></tr>\n");
        h.Append("</table>\n");
        h.Append(CultureInfo.InvariantCulture, $"<details><summary>metrics.json</summary><pre>{Esc(e.Result.Metrics.ToJsonString(Indented))}</pre></details>\n");
    }

    private static string Esc(string s) => WebUtility.HtmlEncode(s);

    private static string FormatDuration(double seconds) =>
        seconds < 90 ? string.Create(CultureInfo.InvariantCulture, $"{seconds:F1} s") : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F1} min");
}
