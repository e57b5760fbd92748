using System.Buffers;
using System.Text;
using Chimera.Contracts.Validation;

namespace Chimera.Contracts.Wire;

/// <summary>
/// The byte-level half of <see cref="JsonTextCheck"/> (spec §8.4): reads one raw JSON string token, escapes included,
/// for control characters and for escapes that are no Unicode character (lone or swapped surrogates), and finds the
/// first invalid UTF-8 byte for the message. Static and allocation-free; the structural half (names, depth, paths)
/// stays in <see cref="JsonTextCheck"/>.
/// </summary>
internal static class JsonStringScan
{
    /// <summary>
    /// Scans a string's raw bytes (escapes included) for unpaired surrogate escapes (returns what is wrong) and
    /// control characters (<paramref name="control"/>: the first one, or -1). Raw UTF-8 has been validated, and the
    /// reader has validated the escape syntax (<c>\X</c> or <c>\uXXXX</c>).
    /// </summary>
    public static string? Scan(ReadOnlySpan<byte> raw, bool escaped, out int control)
    {
        const string NoLow = "a high surrogate escape is not followed by a low one";
        control = -1;
        if (!escaped && raw.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0)
        {
            // The common case, found vectorised: printable ASCII without escapes has neither controls nor surrogates.
            return null;
        }

        var highPending = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            int unit;
            if (b == (byte)'\\')
            {
                var kind = raw[i + 1];
                if (kind == (byte)'u')
                {
                    unit = ParseHex(raw.Slice(i + 2, 4));
                    i += 5;
                }
                else
                {
                    unit = kind switch
                    {
                        (byte)'b' => '\b',
                        (byte)'f' => '\f',
                        (byte)'n' => '\n',
                        (byte)'r' => '\r',
                        (byte)'t' => '\t',
                        _ => kind,
                    };
                    i += 1;
                }
            }
            else if (b < 0x80)
            {
                unit = b; // raw U+0000–U+001F cannot occur: the reader refuses them
            }
            else if (b == 0xC2 && raw[i + 1] is >= 0x80 and <= 0x9F)
            {
                unit = raw[i + 1]; // U+0080–U+009F, the C1 controls
                i += 1;
            }
            else
            {
                unit = 0x100; // any other character: neither a control nor (valid UTF-8 holds none) a surrogate
                i += b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
            }

            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (highPending)
                {
                    return NoLow;
                }

                highPending = true;
                continue;
            }

            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                if (!highPending)
                {
                    return "a low surrogate escape has no high surrogate before it";
                }

                highPending = false;
                continue;
            }

            if (highPending)
            {
                return NoLow;
            }

            if (control < 0 && TextRules.IsControl(unit))
            {
                control = unit;
            }
        }

        return highPending ? NoLow : null;
    }

    private static int ParseHex(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var h in hex)
        {
            value = (value << 4) | (h switch
            {
                >= (byte)'0' and <= (byte)'9' => h - '0',
                >= (byte)'a' and <= (byte)'f' => h - 'a' + 10,
                _ => h - 'A' + 10,
            });
        }

        return value;
    }

    // HashCode is seeded per process, so an attacker cannot aim thousands of names at one bucket and turn the set
    // back into the quadratic scan it replaces.
    public static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }
}
