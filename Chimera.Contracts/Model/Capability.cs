using System.Diagnostics.CodeAnalysis;

namespace Chimera.Contracts.Model;

/// <summary>
/// A capability descriptor <c>name:vN</c> (spec §4). A capability satisfies a requirement with the same
/// name and a version no higher than its own: versions are backward compatible, so <c>video-gen:v3</c>
/// serves a request for <c>video-gen:v2</c>, and <c>video-gen:v1</c> does not.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct Capability(
    [property: Id(0)] string Name,
    [property: Id(1)] int Version)
{
    /// <summary>Longest accepted descriptor, in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>Highest accepted version number.</summary>
    public const int MaxVersion = 9999;

    /// <summary>True when this capability serves a request for <paramref name="required"/>.</summary>
    public bool Satisfies(Capability required) =>
        Version >= required.Version && string.Equals(Name, required.Name, StringComparison.Ordinal);

    /// <summary>Parses <c>name:vN</c>; throws <see cref="FormatException"/> naming the rule that failed.</summary>
    public static Capability Parse(string text) =>
        TryParse(text, out var capability, out var error) ? capability : throw new FormatException(error);

    /// <summary>
    /// Parses <c>name:vN</c>: name is 1-48 of lower-case letters, digits, '-', '_' or '.', starting with a
    /// letter; N is 1 to <see cref="MaxVersion"/> without leading zeros.
    /// </summary>
    public static bool TryParse(string? text, out Capability capability, [NotNullWhen(false)] out string? error)
    {
        capability = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "capability is empty; expected name:vN, e.g. video-gen:v2";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"capability '{Truncate(text)}' is longer than {MaxLength} characters";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon != text.LastIndexOf(':') || colon + 1 >= text.Length || text[colon + 1] != 'v')
        {
            error = $"capability '{text}' is not of the form name:vN, e.g. video-gen:v2";
            return false;
        }

        var name = text.AsSpan(0, colon);
        if (name.Length > 48 || !char.IsAsciiLetterLower(name[0]) || !IsNameChars(name))
        {
            error = $"capability name in '{text}' must start with a-z and use only a-z, 0-9, '-', '_' or '.'";
            return false;
        }

        var digits = text.AsSpan(colon + 2);
        if (digits.Length == 0 || digits.Length > 4 || digits[0] == '0' || !IsDigits(digits))
        {
            error = $"capability version in '{text}' must be v1 to v{MaxVersion}";
            return false;
        }

        capability = new Capability(text[..colon], int.Parse(digits, provider: System.Globalization.CultureInfo.InvariantCulture));
        error = null;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}:v{Version}";

    private static bool IsNameChars(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> digits)
    {
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Truncate(string text) => text.Length <= 24 ? text : text[..24] + "…";
}
