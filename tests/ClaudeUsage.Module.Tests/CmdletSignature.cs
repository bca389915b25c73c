using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text;

namespace ClaudeUsage.Tests;

/// <summary>
/// What a cmdlet really declares, read from the engine (Get-Command on the imported staged module), and rendered
/// the way a platyPS page writes it: SYNTAX lines, the ```yaml block of each parameter, INPUTS and OUTPUTS.
/// </summary>
public sealed class CmdletSignature
{
    private const string AllSets = "__AllParameterSets";

    public required string Name { get; init; }

    /// <summary>The SYNTAX section: (set name or null for a single unnamed set, is default, syntax line).</summary>
    public required IReadOnlyList<(string? SetName, bool IsDefault, string Line)> Syntax { get; init; }

    public required IReadOnlyList<ParameterSignature> Parameters { get; init; }

    /// <summary>Type names for INPUTS: those of the parameters that take pipeline input, or None.</summary>
    public required IReadOnlyList<string> InputTypes { get; init; }

    /// <summary>Type names for OUTPUTS, from [OutputType], or None.</summary>
    public required IReadOnlyList<string> OutputTypes { get; init; }

    /// <summary>Every exported cmdlet of the staged module, as the engine sees it.</summary>
    public static IReadOnlyList<CmdletSignature> LoadAll()
    {
        RunResult r = ModuleRunner.Run("""
            foreach ($name in (Get-Module ClaudeUsage).ExportedCmdlets.Keys) {
                $c = Get-Command $name
                [pscustomobject]@{ Name = $c.Name; Type = $c.ImplementingType; DefaultSet = $c.DefaultParameterSet; Parameters = @($c.Parameters.Values); Sets = @($c.ParameterSets); OutputType = @($c.OutputType | ForEach-Object Name) }
            }
            """);
        if (r.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, r.Errors));
        }

        return r.Output.Select(FromEngine).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    private static CmdletSignature FromEngine(PSObject o)
    {
        string name = (string)o.Properties["Name"].Value;
        var type = (Type)o.Properties["Type"].Value;
        string? defaultSet = o.Properties["DefaultSet"].Value as string;
        object instance = Activator.CreateInstance(type)!;
        var parameters = Items<ParameterMetadata>(o.Properties["Parameters"].Value).Where(p => !IsCommon(p.Name)).ToList();
        var sets = Items<CommandParameterSetInfo>(o.Properties["Sets"].Value).ToList();
        var outputs = Items<string>(o.Properties["OutputType"].Value).ToList();

        var syntax = sets.Select(set => (
                SetName: sets.Count == 1 ? null : set.Name,
                IsDefault: sets.Count == 1 || set.IsDefault || set.Name == defaultSet,
                Line: SyntaxLine(name, set)))
            .ToList();

        var signatures = parameters.Select(p => ParameterSignature.From(p, type.GetProperty(p.Name)?.GetValue(instance))).ToList();
        var inputs = parameters
            .Where(p => p.ParameterSets.Values.Any(s => s.ValueFromPipeline || s.ValueFromPipelineByPropertyName))
            .Select(p => (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType).FullName!) // DateTime?, as a page names it
            .Distinct()
            .ToList();

        (instance as IDisposable)?.Dispose();
        return new CmdletSignature
        {
            Name = name,
            Syntax = syntax,
            Parameters = signatures,
            InputTypes = inputs.Count > 0 ? inputs : ["None"],
            OutputTypes = outputs.Count > 0 ? outputs : ["None"],
        };
    }

    /// <summary>Common parameters, including -ProgressAction (pwsh 7.4+), are never documented per cmdlet.</summary>
    internal static bool IsCommon(string name) =>
        Cmdlet.CommonParameters.Contains(name) || Cmdlet.OptionalCommonParameters.Contains(name) || name == "ProgressAction";

    /// <summary>
    /// A syntax line as the engine orders it (and platyPS writes it): positional parameters by position, then
    /// mandatory named ones, then the rest, each group in declaration order.
    /// </summary>
    private static string SyntaxLine(string name, CommandParameterSetInfo set)
    {
        var line = new StringBuilder(name);
        IEnumerable<CommandParameterInfo> ordered = set.Parameters
            .Where(p => !IsCommon(p.Name))
            .Select((p, i) => (p, i))
            .OrderBy(x => x.p.Position >= 0 ? x.p.Position : int.MaxValue)
            .ThenBy(x => x.p.IsMandatory ? 0 : 1)
            .ThenBy(x => x.i)
            .Select(x => x.p);
        foreach (CommandParameterInfo p in ordered)
        {
            string type = ParameterSignature.TypeNameOf(p.ParameterType);
            bool isSwitch = p.ParameterType == typeof(SwitchParameter);
            string dashName = p.Position >= 0 ? $"[-{p.Name}]" : $"-{p.Name}";
            string body = isSwitch ? $"-{p.Name}" : $"{dashName} <{type}>";
            line.Append(' ').Append(p.IsMandatory ? body : $"[{body}]");
        }

        return line.Append(" [<CommonParameters>]").ToString();
    }

    private static IEnumerable<T> Items<T>(object? value) => value switch
    {
        null => [],
        T single => [single],
        IEnumerable many => many.Cast<object>().Select(x => x is PSObject ps ? ps.BaseObject : x).OfType<T>(),
        _ => [],
    };

    /// <summary>The set name platyPS writes for "in every parameter set".</summary>
    internal static string SetLabel(string set) => set == AllSets ? "(All)" : set;
}

/// <summary>One parameter as the cmdlet declares it, with its ```yaml block(s) rendered as platyPS writes them.</summary>
public sealed class ParameterSignature
{
    public required string Name { get; init; }

    public required string TypeName { get; init; }

    public required IReadOnlyList<string> Aliases { get; init; }

    public required IReadOnlyList<string> AcceptedValues { get; init; }

    public required string DefaultValue { get; init; }

    public required bool Wildcards { get; init; }

    /// <summary>Per parameter set label ("(All)" or a set name): required, position, pipeline input.</summary>
    public required IReadOnlyDictionary<string, (bool Required, string Position, string PipelineInput)> Sets { get; init; }

    /// <summary>The ```yaml block(s) the page must hold for this parameter, sets with the same behaviour together.</summary>
    public string Yaml => string.Join("\n\n", Sets
        .GroupBy(s => s.Value)
        .Select(g => HelpYaml.Render(TypeName, g.Select(s => s.Key).ToList(), Aliases, AcceptedValues, g.Key.Required, g.Key.Position, DefaultValue, g.Key.PipelineInput, Wildcards)));

    public static ParameterSignature From(ParameterMetadata p, object? defaultValue)
    {
        Type element = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
        element = element.IsArray ? element.GetElementType()! : element;
        element = Nullable.GetUnderlyingType(element) ?? element;
        List<string> accepted = p.Attributes.OfType<ValidateSetAttribute>().SelectMany(v => v.ValidValues).ToList();
        if (accepted.Count == 0 && element.IsEnum)
        {
            accepted = [.. Enum.GetNames(element)];
        }

        return new ParameterSignature
        {
            Name = p.Name,
            TypeName = TypeNameOf(p.ParameterType),
            Aliases = [.. p.Aliases],
            AcceptedValues = accepted,
            DefaultValue = FormatDefault(defaultValue),
            Wildcards = p.Attributes.OfType<SupportsWildcardsAttribute>().Any(),
            Sets = p.ParameterSets.ToDictionary(
                s => CmdletSignature.SetLabel(s.Key),
                s => (s.Value.IsMandatory, s.Value.Position == int.MinValue ? "Named" : s.Value.Position.ToString(CultureInfo.InvariantCulture), Pipeline(s.Value))),
        };
    }

    /// <summary>The type as platyPS names it: the short name, with Nullable&lt;T&gt; shown as T.</summary>
    internal static string TypeNameOf(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeNameOf(underlying);
        }

        return type == typeof(SwitchParameter) ? "SwitchParameter" : type.IsGenericType ? type.ToString() : type.Name;
    }

    private static string Pipeline(ParameterSetMetadata set) => (set.ValueFromPipelineByPropertyName, set.ValueFromPipeline) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByPropertyName)",
        (false, true) => "True (ByValue)",
        _ => "False",
    };

    private static string FormatDefault(object? value) => value switch
    {
        null => "None",
        SwitchParameter s => s.IsPresent ? "True" : "False",
        string s => s.Length == 0 ? "None" : s,
        IEnumerable items => items.Cast<object>().Select(i => Convert.ToString(i, CultureInfo.InvariantCulture)).ToList() is { Count: > 0 } list ? string.Join(", ", list) : "None",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "None",
    };
}

/// <summary>Renders a parameter's ```yaml block exactly as platyPS 0.14 lays it out.</summary>
public static class HelpYaml
{
    public static string Render(string type, IReadOnlyList<string> sets, IReadOnlyList<string> aliases, IReadOnlyList<string> accepted, bool required, string position, string defaultValue, string pipelineInput, bool wildcards)
    {
        var yaml = new StringBuilder();
        yaml.Append("Type: ").Append(type).Append('\n');
        yaml.Append("Parameter Sets: ").Append(string.Join(", ", sets)).Append('\n');
        yaml.Append("Aliases:").Append(aliases.Count > 0 ? " " + string.Join(", ", aliases) : string.Empty).Append('\n');
        if (accepted.Count > 0)
        {
            yaml.Append("Accepted values: ").Append(string.Join(", ", accepted)).Append('\n');
        }

        yaml.Append('\n');
        yaml.Append("Required: ").Append(required ? "True" : "False").Append('\n');
        yaml.Append("Position: ").Append(position).Append('\n');
        yaml.Append("Default value: ").Append(defaultValue).Append('\n');
        yaml.Append("Accept pipeline input: ").Append(pipelineInput).Append('\n');
        yaml.Append("Accept wildcard characters: ").Append(wildcards ? "True" : "False");
        return "```yaml\n" + yaml + "\n```";
    }

    /// <summary>The block(s) as a page holds them, rendered the same way so the two compare as text.</summary>
    public static string Render(ClaudeUsage.HelpBuilder.ParameterHelp parameter) => string.Join("\n\n", parameter.Metadata.Select(m =>
        Render(m.Type, m.ParameterSets, m.Aliases, m.AcceptedValues, m.Required, m.Position, m.DefaultValue, m.PipelineInput, m.Wildcards)));
}
