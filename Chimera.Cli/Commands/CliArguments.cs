using System.CommandLine;
using System.Globalization;
using Chimera.Client;
using Chimera.Contracts.Model;

namespace Chimera.Cli.Commands;

/// <summary>Arguments and options several commands share, validated at parse time (a bad value exits 2).</summary>
internal static class CliArguments
{
    public static Argument<string> InfluencerId(string description = "The influencer id, e.g. alpha.")
    {
        var argument = new Argument<string>("influencer-id") { Description = description };
        argument.Validators.Add(result =>
        {
            if (ChimeraArguments.InfluencerIdError(result.GetValueOrDefault<string>()) is { } error)
            {
                result.AddError(error);
            }
        });
        return argument;
    }

    public static Option<string> InfluencerOption(string name = "--influencer")
    {
        var option = new Option<string>(name) { Description = "The influencer id, e.g. alpha.", Required = true };
        option.Validators.Add(result =>
        {
            if (ChimeraArguments.InfluencerIdError(result.GetValueOrDefault<string>()) is { } error)
            {
                result.AddError(error);
            }
        });
        return option;
    }

    public static Option<string[]> Capabilities(bool required, string description)
    {
        var option = new Option<string[]>("--capability")
        {
            Description = description,
            Required = required,
            Arity = required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore,
        };
        option.Validators.Add(result =>
        {
            foreach (var text in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!Capability.TryParse(text, out _, out var error))
                {
                    result.AddError(error);
                }
            }
        });
        return option;
    }

    public static Capability[] ParseCapabilities(string[]? values) => [.. (values ?? []).Select(Capability.Parse)];

    public static Option<string> Status(string name, string description, bool required = false)
    {
        var option = new Option<string>(name) { Description = description, Required = required };
        option.AcceptOnlyFromAmong("online", "idle", "busy", "maintenance", "offline");
        return option;
    }

    public static InfluencerStatus? ParseStatus(string? text) =>
        text is null ? null : InfluencerStatusNames.TryParse(text, out var status) ? status : throw new FormatException($"'{text}' is not a status");

    public static Option<int> Limit(int max, int defaultValue)
    {
        var option = new Option<int>("--limit")
        {
            Description = $"Most rows to return, 1-{max} (default {defaultValue}).",
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(result => RequireRange(result, "--limit", 1, max));
        return option;
    }

    public static Option<double?> Unit(string name, string description)
    {
        var option = new Option<double?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && (!double.IsFinite(value) || value is < 0.0 or > 1.0))
            {
                result.AddError($"{name} must be a number in [0, 1]");
            }
        });
        return option;
    }

    public static Option<DateTimeOffset?> Time(string name, string description)
    {
        var option = new Option<DateTimeOffset?>(name)
        {
            Description = description,
            CustomParser = result => ParseTime(result.Tokens.Count == 0 ? null : result.Tokens[0].Value, name, result.AddError),
        };
        return option;
    }

    public static Argument<DateTimeOffset> TimeArgument(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => ParseTime(result.Tokens.Count == 0 ? null : result.Tokens[0].Value, name, result.AddError) ?? default,
    };

    /// <summary>ISO-8601 (a time without a zone is UTC), or relative to now: <c>-15m</c>, <c>-2h</c>, <c>-1d</c>, <c>now</c>.</summary>
    internal static DateTimeOffset? ParseTime(string? text, string name, Action<string> addError)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            addError($"{name} needs a time, e.g. 2026-02-06T12:45:00Z or -1h");
            return null;
        }

        if (text == "now")
        {
            return DateTimeOffset.UtcNow;
        }

        if (text.Length >= 3 && text[0] == '-' && int.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? span = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (span is { } s)
            {
                return DateTimeOffset.UtcNow - s;
            }
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }

        addError($"{name} '{text}' is not a time; use ISO-8601 (2026-02-06T12:45:00Z) or relative (-15m, -2h, -1d, now)");
        return null;
    }

    public static void RequireRange(System.CommandLine.Parsing.OptionResult result, string name, int min, int max)
    {
        // A token that is not a number already has the parser's "cannot parse" error; reading its value would throw.
        if (result.Tokens.Count > 0 && !int.TryParse(result.Tokens[^1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return;
        }

        var value = result.GetValueOrDefault<int>();
        if (value < min || value > max)
        {
            result.AddError($"{name} must be {min}-{max}, not {value}");
        }
    }
}
