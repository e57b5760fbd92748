using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Chimera.Contracts.Validation;

namespace Chimera.Contracts.Wire;

/// <summary>
/// The first pass of decoding (spec §8.4): one forward read of the whole document, before any value is looked
/// at, that proves the text has exactly one meaning and only storable strings. It rejects invalid UTF-8 and
/// string escapes that are no Unicode character (lone or swapped surrogates, which <c>JsonDocument</c> accepts
/// and <c>GetString</c> then throws on) as <see cref="RejectCodes.MalformedJson"/>; a control character in any
/// string or property name, escaped or raw, as <see cref="RejectCodes.ControlCharacter"/>; and a property named
/// twice in one object, at any depth and however it is escaped, as <see cref="RejectCodes.DuplicateKey"/>.
/// After it passes, reading the document cannot throw and no two JSON readers can see different events.
/// </summary>
/// <remarks>
/// Allocation-free in the steady state (one instance per thread, buffers reused) and linear in the input:
/// objects with many properties switch from a scan to a hash set, so a 16 KiB object of two-letter names costs
/// microseconds, not the quadratic milliseconds an attacker would like.
/// </remarks>
internal sealed class JsonTextCheck
{
    private const int LinearScanLimit = 16;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = StatusLimits.MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    [ThreadStatic]
    private static JsonTextCheck? t_cached;

    private readonly Frame[] _frames = new Frame[StatusLimits.MaxDepth + 1];
    private readonly List<NameRef> _names = [];
    private readonly NameComparer _comparer;
    private byte[] _nameBytes = new byte[512];
    private int _nameBytesUsed;
    private int _depth;
    private List<Violation>? _violations;

    private JsonTextCheck()
    {
        _comparer = new NameComparer(this);
        for (var i = 0; i < _frames.Length; i++)
        {
            _frames[i] = new Frame();
        }
    }

    /// <summary>Null when the text is clean; else the violations (one stand-alone <c>malformed_json</c>, or up to <see cref="StatusLimits.MaxViolations"/> others).</summary>
    public static List<Violation>? Check(ReadOnlySpan<byte> utf8Json)
    {
        if (!Utf8.IsValid(utf8Json))
        {
            return [new Violation("$", RejectCodes.MalformedJson, $"the event is not valid UTF-8 (first bad byte at offset {JsonStringScan.FirstInvalidByte(utf8Json)})")];
        }

        var check = t_cached ?? new JsonTextCheck();
        t_cached = null; // a re-entrant call (there is none today) gets its own instance
        try
        {
            return check.Run(utf8Json);
        }
        finally
        {
            check.Reset();
            t_cached = check;
        }
    }

    private List<Violation>? Run(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        NextArrayItem();
                        Push(reader.TokenType == JsonTokenType.StartObject);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        if (!PropertyName(ref reader))
                        {
                            return _violations;
                        }

                        break;
                    case JsonTokenType.String:
                        NextArrayItem();
                        if (!StringValue(ref reader))
                        {
                            return _violations;
                        }

                        break;
                    default:
                        NextArrayItem();
                        break;
                }

                if (_violations is { Count: >= StatusLimits.MaxViolations })
                {
                    return _violations;
                }
            }
        }
        catch (JsonException ex)
        {
            // Structural damage: nothing else can be read, so it stands alone (spec §8.3).
            return [new Violation("$", RejectCodes.MalformedJson, $"not valid JSON: {TextRules.Quote(ex.Message, 200)}")];
        }

        return _violations;
    }

    /// <summary>Checks a property name's text, then that the object has not named it before.</summary>
    private bool PropertyName(ref Utf8JsonReader reader)
    {
        var frame = _frames[_depth];
        frame.Name = -1; // a name that is no Unicode text is reported at its object's path
        var raw = reader.ValueSpan;
        var fault = JsonStringScan.Scan(raw, reader.ValueIsEscaped, out var control);
        if (fault is not null)
        {
            return Surrogate(isName: true, fault);
        }

        var start = _nameBytesUsed;
        Ensure(raw.Length);
        int length;
        if (reader.ValueIsEscaped)
        {
            length = reader.CopyString(_nameBytes.AsSpan(start));
        }
        else
        {
            raw.CopyTo(_nameBytes.AsSpan(start));
            length = raw.Length;
        }

        var name = new NameRef(start, length, 0);
        _nameBytesUsed += length;
        var duplicate = IsDuplicate(frame, ref name);
        frame.Name = _names.Count;
        _names.Add(name);
        if (duplicate)
        {
            Add(RejectCodes.DuplicateKey, $"property {Describe(name)} appears more than once in this object; two readers could see different values");
        }
        else
        {
            frame.Set?.Add(name);
        }

        if (control >= 0)
        {
            AddControl(control, "a property name");
        }

        return true;
    }

    /// <summary>Checks a string value; false for a surrogate fault, which stands alone.</summary>
    private bool StringValue(ref Utf8JsonReader reader)
    {
        var fault = JsonStringScan.Scan(reader.ValueSpan, reader.ValueIsEscaped, out var control);
        if (fault is not null)
        {
            return Surrogate(isName: false, fault);
        }

        if (control >= 0)
        {
            AddControl(control, "the string");
        }

        return true;
    }

    /// <summary>
    /// True when the object already named <paramref name="name"/>. Small objects (every real event's) are scanned by
    /// length and bytes, no hashing; from <see cref="LinearScanLimit"/> names on, a hash set (names then get a hash).
    /// </summary>
    private bool IsDuplicate(Frame frame, ref NameRef name)
    {
        var count = _names.Count - frame.FirstName;
        if (frame.Set is null && count >= LinearScanLimit)
        {
            frame.Set = new HashSet<NameRef>(count * 2, _comparer);
            for (var i = frame.FirstName; i < _names.Count; i++)
            {
                var known = _names[i];
                frame.Set.Add(known with { HashCode = Hash(_nameBytes.AsSpan(known.Start, known.Length)) });
            }
        }

        if (frame.Set is not null)
        {
            name = name with { HashCode = Hash(_nameBytes.AsSpan(name.Start, name.Length)) };
            return frame.Set.Contains(name);
        }

        var bytes = _nameBytes.AsSpan(name.Start, name.Length);
        for (var i = frame.FirstName; i < _names.Count; i++)
        {
            var known = _names[i];
            if (known.Length == name.Length && _nameBytes.AsSpan(known.Start, known.Length).SequenceEqual(bytes))
            {
                return true;
            }
        }

        return false;
    }

    private void AddControl(int control, string what) =>
        Add(RejectCodes.ControlCharacter, $"{what} holds the control character U+{control.ToString("X4", CultureInfo.InvariantCulture)}; control characters are not allowed in any string");

    private bool Surrogate(bool isName, string detail)
    {
        var path = Path();
        var what = isName ? "a property name" : "a string";
        _violations = [new Violation(path, RejectCodes.MalformedJson, $"{what} is not valid Unicode: {detail} (e.g. \"\\ud800\")")];
        return false;
    }

    private void Add(string code, string message)
    {
        _violations ??= [];
        if (_violations.Count < StatusLimits.MaxViolations)
        {
            _violations.Add(new Violation(Path(), code, message));
        }
    }

    private void NextArrayItem()
    {
        if (_depth > 0 && !_frames[_depth].IsObject)
        {
            _frames[_depth].Index++;
        }
    }

    private void Push(bool isObject)
    {
        // The reader enforces MaxDepth, so _depth never passes the frame array.
        var frame = _frames[++_depth];
        frame.IsObject = isObject;
        frame.Index = -1;
        frame.Name = -1;
        frame.FirstName = _names.Count;
        frame.NameBytesStart = _nameBytesUsed;
        frame.Set = null;
    }

    private void Pop()
    {
        var frame = _frames[_depth--];
        if (frame.IsObject)
        {
            _names.RemoveRange(frame.FirstName, _names.Count - frame.FirstName);
            _nameBytesUsed = frame.NameBytesStart;
        }

        frame.Set = null;
    }

    /// <summary>The JSON path of the current token, as decoding reports it: <c>payload.capabilities[1]</c>, <c>$</c> at the root.</summary>
    private string Path()
    {
        var builder = new StringBuilder();
        for (var d = 1; d <= _depth; d++)
        {
            var frame = _frames[d];
            if (frame.IsObject)
            {
                if (frame.Name < 0)
                {
                    continue;
                }

                var name = _names[frame.Name];
                var text = Encoding.UTF8.GetString(_nameBytes, name.Start, name.Length);
                if (IsPlainName(text))
                {
                    if (builder.Length > 0)
                    {
                        builder.Append('.');
                    }

                    builder.Append(text);
                }
                else
                {
                    builder.Append("[\"").Append(TextRules.Quote(text).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
                }
            }
            else if (frame.Index >= 0)
            {
                builder.Append('[').Append(frame.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }

        return builder.Length == 0 ? "$" : builder.ToString();
    }

    private string Describe(NameRef name) =>
        "'" + TextRules.Quote(Encoding.UTF8.GetString(_nameBytes, name.Start, name.Length)) + "'";

    private static bool IsPlainName(string text)
    {
        if (text.Length is 0 or > TextRules.MaxQuotedLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private void Ensure(int more)
    {
        if (_nameBytesUsed + more > _nameBytes.Length)
        {
            Array.Resize(ref _nameBytes, Math.Max(_nameBytes.Length * 2, _nameBytesUsed + more));
        }
    }

    private void Reset()
    {
        _names.Clear();
        _nameBytesUsed = 0;
        _depth = 0;
        _violations = null;
        foreach (var frame in _frames)
        {
            frame.Set = null;
        }

        if (_nameBytes.Length > 64 * 1024)
        {
            _nameBytes = new byte[512]; // do not keep an attacker-sized buffer per thread
        }
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    private sealed class Frame
    {
        public bool IsObject;
        public int Index;
        public int Name;
        public int FirstName;
        public int NameBytesStart;
        public HashSet<NameRef>? Set;
    }

    /// <summary>A name in the buffer; <see cref="HashCode"/> is set only for names kept in a frame's hash set.</summary>
    private readonly record struct NameRef(int Start, int Length, int HashCode);

    private sealed class NameComparer(JsonTextCheck owner) : IEqualityComparer<NameRef>
    {
        public bool Equals(NameRef x, NameRef y) =>
            x.HashCode == y.HashCode && x.Length == y.Length
            && owner._nameBytes.AsSpan(x.Start, x.Length).SequenceEqual(owner._nameBytes.AsSpan(y.Start, y.Length));

        public int GetHashCode(NameRef obj) => obj.HashCode;
    }
}
