using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NeuroSharp.Cli;

/// <summary>
/// Puts System.CommandLine's parse errors in the user's words: one sentence naming the option, the value
/// and what it accepts (<c>--epochs must be a whole number up to 2147483647 (got 1e12).</c>,
/// <c>--metric must be one of l1, l2 (got l3).</c>), never a .NET type name or a multi-line list.
/// </summary>
public static class ParseErrors
{
    /// <summary>
    /// Adds a check to every float and double option and argument of a command tree: the value must be a
    /// finite number (System.CommandLine reads <c>1e39</c> as float infinity and accepts <c>NaN</c>).
    /// </summary>
    /// <param name="command">The root of the tree.</param>
    public static void RequireFiniteNumbers(Command command)
    {
        foreach (var option in command.Options)
        {
            if (IsFloating(option.ValueType)) option.Validators.Add(r => CheckFinite(r, option.Name, option.ValueType));
        }
        foreach (var argument in command.Arguments)
        {
            if (IsFloating(argument.ValueType)) argument.Validators.Add(r => CheckFinite(r, $"<{argument.Name}>", argument.ValueType));
        }
        foreach (var sub in command.Subcommands) RequireFiniteNumbers(sub);
    }

    /// <summary>The one error of a failed parse to report: the most specific (an unknown word rather than "a command is required").</summary>
    /// <param name="errors">The parse's errors (at least one).</param>
    /// <returns>The error to describe.</returns>
    public static ParseError MostSpecific(IReadOnlyList<ParseError> errors) =>
        errors.FirstOrDefault(e => !e.Message.StartsWith("Required command", StringComparison.Ordinal)) ?? errors[0];

    /// <summary>One sentence for a parse error, ending with a full stop.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The sentence.</returns>
    public static string Describe(ParseError error)
    {
        // An option's argument reports its errors on the option's result, a command's argument on its own.
        (string Name, Type Type, IReadOnlyList<Token> Tokens, Func<IEnumerable<CompletionItem>> Choices)? symbol = error.SymbolResult switch
        {
            OptionResult o => (o.Option.Name, o.Option.ValueType, o.Tokens, () => o.Option.GetCompletions(CompletionContext.Empty)),
            ArgumentResult { Parent: OptionResult o } => (o.Option.Name, o.Option.ValueType, o.Tokens, () => o.Option.GetCompletions(CompletionContext.Empty)),
            ArgumentResult a => ($"<{a.Argument.Name}>", a.Argument.ValueType, a.Tokens, () => a.Argument.GetCompletions(CompletionContext.Empty)),
            _ => null,
        };
        if (symbol is var (name, valueType, tokens, choicesOf))
        {
            var type = Nullable.GetUnderlyingType(valueType) ?? valueType;
            foreach (var token in tokens)
            {
                if (WholeNumberRange(type) is { } range && !IsWholeNumber(type, token.Value))
                    return $"{name} must be a whole number {range} (got {token.Value}).";
                if (IsFloating(type) && !double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    return $"{name} must be a number (got {token.Value}).";
            }
            if (type == typeof(string))
            {
                var choices = choicesOf().Select(c => c.Label).ToArray();
                if (choices.Length > 0 && tokens.FirstOrDefault(t => !choices.Contains(t.Value, StringComparer.Ordinal)) is { } bad)
                    return $"{name} must be one of {string.Join(", ", choices)} (got {bad.Value}){NearestName.Hint(choices, bad.Value)}.";
            }
        }
        string line = OneLine(error.Message);
        // A command with subcommands and none given (neurosharp, neurosharp experiment): name them and where to read more.
        if (error.SymbolResult is CommandResult { Command.Subcommands.Count: > 0 } parent && line.StartsWith("Required command was not provided", StringComparison.Ordinal))
        {
            var words = new List<string>();
            for (Command? c = parent.Command; c is not null && c.Parents.Any(); c = c.Parents.OfType<Command>().FirstOrDefault()) words.Insert(0, c.Name);
            string names = string.Join(", ", parent.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
            string help = string.Join(' ', ["neurosharp", .. words, "--help"]);
            return words.Count == 0 ? $"a command is needed ({names}); '{help}' says what each does." : $"{string.Join(' ', words)} needs a command ({names}); '{help}' says what each does.";
        }
        if (error.SymbolResult is CommandResult command && UnknownWord(line) is { } word && Nearest(command.Command, word) is { } near)
            return $"{line.TrimEnd('.')} (did you mean {near}?).";
        return line.EndsWith('.') ? line : line + ".";
    }

    /// <summary>The quoted word of System.CommandLine's "Unrecognized command or argument 'X'." (null for other messages).</summary>
    private static string? UnknownWord(string message)
    {
        if (!message.StartsWith("Unrecognized command or argument '", StringComparison.Ordinal)) return null;
        int start = message.IndexOf('\'') + 1, end = message.LastIndexOf('\'');
        return end > start ? message[start..end] : null;
    }

    /// <summary>
    /// The option (for a word starting with -) or subcommand of a command whose name is nearest a misspelled word
    /// (<see cref="NearestName.Among"/>): the command's options, its ancestors' recursive ones (--memory-limit) and its subcommands.
    /// </summary>
    /// <param name="command">The command the word was given to.</param>
    /// <param name="word">The unrecognized word.</param>
    /// <returns>The name to suggest, or null.</returns>
    public static string? Nearest(Command command, string word)
    {
        bool option = word.StartsWith('-');
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            foreach (var o in c.Options)
            {
                if (!option || o.Hidden || (c != command && !o.Recursive)) continue;
                names.Add(o.Name);
                names.AddRange(o.Aliases.Where(a => a.StartsWith("--", StringComparison.Ordinal)));
            }
            if (c == command && !option) names.AddRange(c.Subcommands.Where(sc => !sc.Hidden).Select(sc => sc.Name));
        }
        return NearestName.Among(names, word);
    }

    /// <summary>A message on one line: line breaks and tabs become single spaces.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The line.</returns>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static bool IsFloating(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(float) || t == typeof(double);
    }

    private static void CheckFinite(SymbolResult result, string name, Type type)
    {
        bool isFloat = (Nullable.GetUnderlyingType(type) ?? type) == typeof(float);
        foreach (var token in result.Tokens)
        {
            if (!double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) continue; // the parser reports it
            if (!double.IsFinite(isFloat ? (float)v : v))
            {
                result.AddError(double.IsFinite(v)
                    ? $"{name} must be a finite number below {float.MaxValue.ToString("G3", CultureInfo.InvariantCulture)} in magnitude (got {token.Value})."
                    : $"{name} must be a finite number (got {token.Value}).");
                return;
            }
        }
    }

    private static string? WholeNumberRange(Type type) =>
        type == typeof(int) ? $"up to {int.MaxValue}"
        : type == typeof(long) ? $"up to {long.MaxValue}"
        : type == typeof(ulong) ? $"from 0 to {ulong.MaxValue}"
        : type == typeof(uint) ? $"from 0 to {uint.MaxValue}"
        : null;

    private static bool IsWholeNumber(Type type, string text) =>
        type == typeof(int) ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
        : type == typeof(long) ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
        : type == typeof(ulong) ? ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
        : uint.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
}
