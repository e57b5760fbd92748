namespace Chimera.Contracts.Validation;

/// <summary>
/// The one alphabet of ids (spec §2.1): event ids, influencer ids, adapter ids and key ids use 1 to N characters
/// of <c>A-Z a-z 0-9 - _ . :</c>. Nothing outside it can reach a Redis key, an SQL row or a log line as an id.
/// </summary>
public static class Identifiers
{
    /// <summary>True when <paramref name="text"/> is 1 to <paramref name="maxLength"/> characters of the id alphabet.</summary>
    public static bool IsValid(ReadOnlySpan<char> text, int maxLength)
    {
        if (text.IsEmpty || text.Length > maxLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsIdCharacter(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for the characters an id may use.</summary>
    public static bool IsIdCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':';

    /// <summary>Why <paramref name="influencerId"/> is not an influencer id, or null when it is one.</summary>
    public static string? InfluencerIdError(string? influencerId) => Error("influencer id", influencerId, StatusLimits.MaxInfluencerIdLength);

    /// <summary>
    /// Why <paramref name="id"/> is not a valid id of <paramref name="what"/>, or null: a sentence naming it, for
    /// arguments and settings (the client, the CLI and the adapter library check ids before the silo would).
    /// </summary>
    public static string? Error(string what, string? id, int maxLength)
    {
        if (string.IsNullOrEmpty(id))
        {
            return $"{what} is empty";
        }

        if (id.Length > maxLength)
        {
            return $"{what} '{id[..Math.Min(id.Length, 24)]}…' is {id.Length} characters; the limit is {maxLength}";
        }

        foreach (var c in id)
        {
            if (!IsIdCharacter(c))
            {
                return $"{what} '{id}' may use only ASCII letters, digits, '-', '_', '.' and ':'";
            }
        }

        return null;
    }
}
