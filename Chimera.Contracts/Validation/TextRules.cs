using System.Globalization;
using System.Text;

namespace Chimera.Contracts.Validation;

/// <summary>
/// What text may reach state (spec §8.4): no control characters (Unicode category Cc) and no lone surrogates,
/// because PostgreSQL refuses NUL in <c>text</c>, strict UTF-8 encoders (Npgsql, StackExchange.Redis, JSON writers)
/// refuse or silently replace a lone surrogate, and neither belongs in an id, a status or a task summary. Also
/// renders untrusted text for violation messages and logs: bounded, with every such character escaped.
/// </summary>
public static class TextRules
{
    /// <summary>How much of an untrusted value a message quotes.</summary>
    public const int MaxQuotedLength = 64;

    /// <summary>True for U+0000–U+001F and U+007F–U+009F (Unicode category Cc).</summary>
    public static bool IsControl(int codeUnit) => codeUnit is < 0x20 or (>= 0x7F and <= 0x9F);

    /// <summary>True when <paramref name="text"/> has no control character and every surrogate is part of a pair.</summary>
    public static bool IsStorable(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsControl(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <paramref name="text"/> as a message may quote it: at most <paramref name="maxLength"/> characters (then
    /// <c>…</c> and the full length), control characters and lone surrogates written as <c>\uXXXX</c>. The result is
    /// always <see cref="IsStorable(ReadOnlySpan{char})"/>, so a message can never carry what the value could not.
    /// </summary>
    public static string Quote(ReadOnlySpan<char> text, int maxLength = MaxQuotedLength)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        var i = 0;
        for (var shown = 0; i < text.Length && shown < maxLength; i++, shown++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        if (i < text.Length)
        {
            builder.Append("… (").Append(text.Length.ToString(CultureInfo.InvariantCulture)).Append(" characters)");
        }

        return builder.ToString();
    }
}
