using System.Globalization;

namespace Chimera.Contracts.Wire;

/// <summary>
/// The one timestamp spelling of every document Chimera writes (spec §2.1, §6, §8.3): ISO-8601 UTC with a <c>Z</c>
/// and up to seven fractional digits, trailing zeros dropped, so a value read back compares equal to the one written.
/// </summary>
public static class WireTime
{
    /// <summary>The format string, for readers that parse it exactly.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>Writes <paramref name="time"/> as UTC in <see cref="Format"/>.</summary>
    public static string ToWire(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
