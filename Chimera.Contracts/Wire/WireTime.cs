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

    /// <summary>
    /// What a reader accepts (spec §2.1): <c>yyyy-MM-ddTHH:mm:ss[.f…]</c> then <c>Z</c>, <c>z</c> or <c>±hh:mm</c>, digits
    /// ASCII. Wider than what <see cref="ToWire"/> writes, so adapters in other languages need not match our spelling.
    /// </summary>
    public static bool IsIsoDateTimeWithZone(string text)
    {
        static bool Digits(string t, int at, int count)
        {
            if (at + count > t.Length)
            {
                return false;
            }

            for (var i = at; i < at + count; i++)
            {
                if (!char.IsAsciiDigit(t[i]))
                {
                    return false;
                }
            }

            return true;
        }

        if (text.Length < 20 || !Digits(text, 0, 4) || text[4] != '-' || !Digits(text, 5, 2) || text[7] != '-' || !Digits(text, 8, 2)
            || text[10] != 'T' || !Digits(text, 11, 2) || text[13] != ':' || !Digits(text, 14, 2) || text[16] != ':' || !Digits(text, 17, 2))
        {
            return false;
        }

        var at = 19;
        if (text[at] == '.')
        {
            var digits = 0;
            while (at + 1 + digits < text.Length && char.IsAsciiDigit(text[at + 1 + digits]))
            {
                digits++;
            }

            if (digits is 0 or > 9)
            {
                return false;
            }

            at += 1 + digits;
        }

        var zone = text.AsSpan(at);
        return zone is "Z" or "z"
            || (zone.Length == 6 && zone[0] is '+' or '-' && Digits(text, at + 1, 2) && zone[3] == ':' && Digits(text, at + 4, 2));
    }
}
