using System.CommandLine;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Sonata;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp convert IN OUT</c>: converts a network file between the project's JSON and NeuroML 2,
/// each side's format chosen by its extension (<c>.nml</c> is NeuroML; an input with any other is read as JSON, an output
/// must end in <c>.json</c>); docs/neuroml.md. A SONATA
/// config can be read, and an output named <c>*circuit_config.json</c> is written as SONATA (docs/sonata.md).
/// </summary>
public static class ConvertCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("convert", "Convert a network between NeuroSharp JSON and NeuroML 2 (.nml), by extension: neurosharp convert model.net.nml model.json; a SONATA config (circuit_config.json) converts to either, and an OUT named *circuit_config.json is written as SONATA.");
        var input = new Argument<string>("in") { Description = "The network to read (.nml: NeuroML 2; a SONATA config; else JSON)." };
        var output = new Argument<string>("out") { Description = "The file to write (.nml: NeuroML 2; *circuit_config.json: SONATA, with its files beside it; .json: NeuroSharp JSON)." };
        var seed = new Option<ulong>("--seed") { Description = "Build seed of random connections and weights, which NeuroML and SONATA list synapse by synapse.", DefaultValueFactory = _ => 1 };
        command.Arguments.Add(input);
        command.Arguments.Add(output);
        command.Options.Add(seed);
        command.SetAction(parse =>
        {
            string from = parse.GetValue(input)!;
            string to = parse.GetValue(output)!;
            if (Path.GetFullPath(from) == Path.GetFullPath(to))
                throw new InvalidInputException($"convert: the output '{to}' is the input; give another file.");
            // The output's name picks its format; any other name (net.xml) once got the project's JSON without a word.
            if (!NeuroMlFile.IsNeuroMl(to) && !to.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                throw new InvalidInputException($"convert: the output '{to}' names no format; end it in .json (NeuroSharp JSON), .nml (NeuroML 2) or circuit_config.json (SONATA).");
            // Before the input is read (a large NeuroML or SONATA network takes a while): a file that cannot be written is refused now.
            OutputFile.CheckWritable(to, $"convert: the output '{to}'", createsFolders: true); // its writers make missing folders
            var spec = NetworkInput.Load(ctx, from, MemoryLimit.Read(parse));
            try
            {
                NetworkFormats.Save(to, spec, parse.GetValue(seed));
            }
            catch (InvalidInputException e) when (NeuroMlFile.IsNeuroMl(to))
            {
                throw new InvalidInputException($"{from}: cannot be written as NeuroML: {e.Message}", e);
            }
            catch (InvalidInputException e) when (SonataFile.IsSonataOutput(to))
            {
                // The exporter names the JSON path ($.populations[0]); the sentence also names the file it is in.
                throw new InvalidInputException($"{from}: cannot be written as SONATA: {e.Message}", e);
            }
            ctx.Out.WriteLine($"convert {from} -> {to}: {spec.Populations.Count} populations ({spec.Populations.Sum(p => (long)p.Count)} neurons), "
                + $"{spec.Projections.Count} projections, {spec.GapJunctions.Count} gap junction sets, "
                + (spec.GradedProjections.Count > 0 ? $"{spec.GradedProjections.Count} graded projection sets, " : "") + $"{spec.Inputs.Count} inputs");
            return NeuroSharpCli.Success;
        });
        return command;
    }
}
