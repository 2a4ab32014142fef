using System.Globalization;
using System.Text;
using NeuroSharp.Formats;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// Writes a LEMS file's OutputFiles and EventOutputFiles from a run, as jnml (jLEMS) writes them: an OutputFile has one row for
/// t = 0 (the initial state) and one after each step, each value in SI units as Java prints a float, followed by a tab; an
/// EventOutputFile has one line per spike, "id TAB t" or "t TAB id", where a spike in the step from t - dt to t is at t.
/// Times are step x dt summed in double, as jLEMS sums them (docs/neuroml.md, "LEMS simulation files").
/// </summary>
public sealed class LemsOutputs
{
    private readonly LemsSimulation _simulation;
    private readonly Dictionary<(string Population, string Variable), float[]> _initial = [];

    /// <summary>Takes the initial state of every recorded cell: call it after the engine is built, before it runs.</summary>
    /// <param name="simulation">The LEMS simulation.</param>
    /// <param name="engine">The engine built from <see cref="LemsSimulation.Network"/>.</param>
    public LemsOutputs(LemsSimulation simulation, SpikingEngine engine)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(engine);
        _simulation = simulation;
        foreach (var c in simulation.OutputFiles.SelectMany(o => o.Columns))
        {
            foreach (string v in c.Variables)
            {
                if (!_initial.ContainsKey((c.Population, v))) _initial[(c.Population, v)] = engine.GetVariable(c.Population, v);
            }
        }
    }

    /// <summary>Writes every file (atomically) under <paramref name="folder"/>, creating the folders their names hold.</summary>
    /// <param name="engine">The engine after its run.</param>
    /// <param name="folder">The folder the file names are relative to (an absolute file name is kept, unless <paramref name="flatten"/>).</param>
    /// <param name="flatten">True to put an absolute file name's file itself in <paramref name="folder"/> (an explicit --out).</param>
    /// <returns>The paths written, in the LEMS file's order.</returns>
    public IReadOnlyList<string> Write(SpikingEngine engine, string folder, bool flatten = false)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var written = new List<string>();
        int steps = engine.StepCount;
        var times = new double[steps + 1];
        double dt = engine.DtMs / 1000; // seconds
        for (int k = 1; k <= steps; k++) times[k] = times[k - 1] + dt;
        foreach (var o in _simulation.OutputFiles)
        {
            string path = Resolve(folder, o.FileName, flatten);
            WriteOutput(path, o, engine, times);
            written.Add(path);
        }
        foreach (var e in _simulation.EventFiles)
        {
            string path = Resolve(folder, e.FileName, flatten);
            WriteEvents(path, e, engine, times);
            written.Add(path);
        }
        return written;
    }

    private static string Resolve(string folder, string fileName, bool flatten)
    {
        string path = Path.IsPathRooted(fileName) && flatten ? Path.Combine(folder, Path.GetFileName(fileName)) : Path.Combine(folder, fileName);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        return path;
    }

    private void WriteOutput(string path, LemsOutputFile file, SpikingEngine engine, double[] times)
    {
        // Each column: its monitor's values and its position among the monitor's indices.
        var columns = new List<(float[] Initial, StateMonitor Monitor, int Column, double ToSi)>();
        foreach (var c in file.Columns)
        {
            var monitor = engine.StateMonitors.First(m => m.Target == c.Population && m.Variables.Contains(c.Variable));
            int k = 0;
            while (monitor.Indices[k] != c.Index) k++;
            columns.Add((_initial[(c.Population, c.Variable)], monitor, k, c.ToSi));
        }
        int rows = times.Length;
        var activity = new double[columns.Count];
        double dtMs = engine.DtMs;
        AtomicFile.Write(path, stream =>
        {
            using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            for (int r = 0; r < rows; r++)
            {
                w.Write(JavaFloat((float)times[r]));
                w.Write('\t');
                for (int i = 0; i < columns.Count; i++)
                {
                    var (initial, monitor, k, toSi) = columns[i];
                    string variable = file.Columns[i].Variable;
                    float value = r == 0 ? initial[file.Columns[i].Index] : monitor.Values(variable)[(r - 1) * monitor.Indices.Count + k];
                    if (file.Columns[i].Activity is { } a)
                    {
                        // c302's activity after row r - 1's v: one forward Euler step (as jLEMS), then (c302's cell_B.xml) set to 0 below 0. Row 0 is its start, 0.
                        if (r > 0)
                        {
                            float previous = r == 1 ? initial[file.Columns[i].Index] : monitor.Values(variable)[(r - 2) * monitor.Indices.Count + k];
                            double target = (previous - a.ResetMv) / (a.ThresholdMv - a.ResetMv);
                            activity[i] += dtMs * (target - activity[i]) / a.TauMs;
                            if (a.ClipsAtZero && activity[i] < 0) activity[i] = 0;
                        }
                        w.Write(JavaFloat((float)(activity[i] * toSi)));
                        w.Write('\t');
                        continue;
                    }
                    if (file.Columns[i].Plus is { } plus)
                    {
                        // A sum of engine variables (a gateFractional's channels), in float as each is recorded, scaled in double.
                        double sum = value;
                        foreach (string extra in plus) sum += r == 0 ? _initial[(file.Columns[i].Population, extra)][file.Columns[i].Index] : monitor.Values(extra)[(r - 1) * monitor.Indices.Count + k];
                        w.Write(JavaFloat((float)(sum * toSi)));
                        w.Write('\t');
                        continue;
                    }
                    w.Write(JavaFloat((float)(value * toSi)));
                    w.Write('\t');
                }
                w.Write('\n');
            }
        });
    }

    private static void WriteEvents(string path, LemsEventFile file, SpikingEngine engine, double[] times)
    {
        // (step, selection) for every spike of a selected cell, in time order and within a step in the file's order.
        var events = new List<(int Step, int Selection)>();
        for (int s = 0; s < file.Selections.Count; s++)
        {
            var sel = file.Selections[s];
            var monitor = engine.SpikeMonitors.First(m => m.Target == sel.Population);
            var neurons = monitor.Neurons;
            var steps = monitor.Steps;
            for (int k = 0; k < neurons.Length; k++)
            {
                if (neurons[k] == sel.Index) events.Add((steps[k], s));
            }
        }
        events.Sort();
        AtomicFile.Write(path, stream =>
        {
            using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            foreach (var (step, s) in events)
            {
                // A spike in the engine's step n (from n dt to (n + 1) dt) is at jLEMS's t = (n + 1) dt.
                string t = JavaFloat((float)times[Math.Min(step + 1, times.Length - 1)]);
                string id = file.Selections[s].Id;
                w.Write(file.TimeFirst ? $"{t}\t{id}\n" : $"{id}\t{t}\n");
            }
        });
    }

    /// <summary>
    /// A float as Java's <c>Float.toString</c> writes it: the shortest digits that read back to the float, in plain notation
    /// with at least one decimal for 10^-3 &lt;= |x| &lt; 10^7 (0.0, -0.07, 5.0E-6 outside that range, 1.0E7).
    /// </summary>
    /// <param name="x">The value.</param>
    /// <returns>Its text.</returns>
    public static string JavaFloat(float x)
    {
        if (float.IsNaN(x)) return "NaN";
        if (float.IsPositiveInfinity(x)) return "Infinity";
        if (float.IsNegativeInfinity(x)) return "-Infinity";
        if (x == 0) return float.IsNegative(x) ? "-0.0" : "0.0";
        // Shortest round-trip digits d1 d2 ... dn and the decimal exponent e: |x| = 0.d1d2...dn x 10^e.
        string shortest = Math.Abs(x).ToString("R", CultureInfo.InvariantCulture);
        int exponent = 0;
        int ePos = shortest.IndexOfAny(['E', 'e']);
        string mantissa = shortest;
        if (ePos >= 0)
        {
            exponent = int.Parse(shortest[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = shortest[..ePos];
        }
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int pointAt = (dot < 0 ? mantissa.Length : dot) + exponent; // digits before the decimal point
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') { lead++; pointAt--; }
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var sb = new StringBuilder(24);
        if (x < 0) sb.Append('-');
        float a = Math.Abs(x);
        if (a >= 1e-3f && a < 1e7f)
        {
            if (pointAt <= 0)
            {
                sb.Append("0.").Append('0', -pointAt).Append(digits);
            }
            else if (pointAt >= digits.Length)
            {
                sb.Append(digits).Append('0', pointAt - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, pointAt).Append('.').Append(digits, pointAt, digits.Length - pointAt);
            }
        }
        else
        {
            sb.Append(digits[0]).Append('.').Append(digits.Length > 1 ? digits[1..] : "0").Append('E')
                .Append((pointAt - 1).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
