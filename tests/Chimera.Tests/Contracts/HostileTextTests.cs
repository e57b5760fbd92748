using System.Text;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;
using Chimera.Testing.Fixtures;
using Chimera.Testing;

namespace Chimera.Tests.Contracts;

/// <summary>
/// Spec §8.4: the decoder is total, and what it accepts is storable. Each input is the seed example with one
/// hostile edit made in its raw text (a JSON tree would re-encode, and so repair, exactly what is under test).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class HostileTextTests
{
    private static string SeedWith(string find, string replace)
    {
        SeedExample.Json.ShouldContain(find);
        return SeedExample.Json.Replace(find, replace, StringComparison.Ordinal);
    }

    private static byte[] SeedBytesWith(string find, byte[] replace)
    {
        var text = SeedExample.Json;
        var at = text.IndexOf(find, StringComparison.Ordinal);
        at.ShouldBeGreaterThanOrEqualTo(0);
        return [.. Encoding.UTF8.GetBytes(text[..at]), .. replace, .. Encoding.UTF8.GetBytes(text[(at + find.Length)..])];
    }

    private static Violation ShouldRejectBytes(byte[] utf8, string path, string code)
    {
        var result = StatusEventJson.Decode(utf8, Decoding.Specs);
        result.IsValid.ShouldBeFalse();
        var violation = result.Violations.ShouldHaveSingleItem();
        violation.Path.ShouldBe(path);
        violation.Code.ShouldBe(code);
        TextRules.IsStorable(violation.Message).ShouldBeTrue();
        return violation;
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udbff")]
    [InlineData("\\udc00")]
    [InlineData("\\udc00\\ud800")]
    [InlineData("a\\ud800b")]
    [InlineData("\\ud800\\u0041")]
    [InlineData("\\ud800\\ud800\\udc00")]
    public void UnpairedSurrogateEscape_InTraceId_IsMalformedJsonAtItsPath(string escaped) =>
        Decoding.ShouldRejectWith(SeedWith("\"trace-abc-123\"", $"\"{escaped}\""), "trace_id", RejectCodes.MalformedJson);

    [Fact]
    public void UnpairedSurrogateEscape_InAPropertyName_IsMalformedJson() =>
        Decoding.ShouldRejectWith(SeedWith("\"trace_id\"", "\"trace\\udfff\""), "$", RejectCodes.MalformedJson);

    [Fact]
    public void UnpairedSurrogateEscape_DeepInACurrentTaskObject_IsMalformedJsonAtItsPath() =>
        Decoding.ShouldRejectWith(SeedWith("\"current_task\": null", "\"current_task\": {\"steps\": [\"ok\", \"\\ud83d\"]}"), "payload.current_task.steps[1]", RejectCodes.MalformedJson);

    [Fact]
    public void PairedSurrogateEscape_IsTheCharacterItEncodes()
    {
        var result = Decoding.Decode(SeedWith("\"trace-abc-123\"", "\"smile-\\ud83d\\ude00\""));

        result.IsValid.ShouldBeTrue();
        result.Event.TraceId.ShouldBe("smile-😀");
    }

    [Fact]
    public void SurrogateEncodedAsRawUtf8Bytes_IsMalformedJson() =>
        ShouldRejectBytes(SeedBytesWith("trace-abc-123", [0xED, 0xA0, 0x80]), "$", RejectCodes.MalformedJson);

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xC0, 0x80 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    public void InvalidUtf8_InAString_IsMalformedJson_AndSaysWhere(byte[] bad)
    {
        var violation = ShouldRejectBytes(SeedBytesWith("trace-abc-123", bad), "$", RejectCodes.MalformedJson);

        violation.Message.ShouldContain("UTF-8");
    }

    [Fact]
    public void InvalidUtf8_InAPropertyName_IsMalformedJson() =>
        ShouldRejectBytes(SeedBytesWith("trace_id", [(byte)'t', 0xFE]), "$", RejectCodes.MalformedJson);

    [Theory]
    [InlineData("\\u0000", "U+0000")]
    [InlineData("\\u001f", "U+001F")]
    [InlineData("\\n", "U+000A")]
    [InlineData("\\t", "U+0009")]
    [InlineData("\\b", "U+0008")]
    [InlineData("\\u007f", "U+007F")]
    [InlineData("\\u0085", "U+0085")]
    [InlineData("\\u009F", "U+009F")]
    public void EscapedControlCharacter_InTraceId_IsControlCharacter(string escaped, string named)
    {
        var violation = Decoding.ShouldRejectWith(SeedWith("\"trace-abc-123\"", $"\"trace{escaped}x\""), "trace_id", RejectCodes.ControlCharacter);

        violation.Message.ShouldContain(named);
    }

    [Theory]
    [InlineData(new byte[] { 0x7F }, "U+007F")]
    [InlineData(new byte[] { 0xC2, 0x80 }, "U+0080")]
    [InlineData(new byte[] { 0xC2, 0x9F }, "U+009F")]
    public void RawControlCharacter_InTraceId_IsControlCharacter(byte[] raw, string named) =>
        ShouldRejectBytes(SeedBytesWith("trace-abc-123", [(byte)'t', .. raw]), "trace_id", RejectCodes.ControlCharacter).Message.ShouldContain(named);

    [Fact]
    public void RawNulByte_InAString_IsMalformedJson_TheGrammarForbidsIt() =>
        ShouldRejectBytes(SeedBytesWith("trace-abc-123", [(byte)'t', 0x00]), "$", RejectCodes.MalformedJson);

    [Fact]
    public void NonControlCharactersNextToTheC1Range_AreAccepted()
    {
        // U+00A0 (C2 A0) and U+2028 are not Cc: the check is exact, not "anything unusual".
        var result = Decoding.Decode(SeedWith("\"current_task\": null", "\"current_task\": \"a\u00a0b\u2028c\u00e9\""));

        result.IsValid.ShouldBeTrue();
        result.Event.CurrentTask.ShouldBe("a\u00a0b\u2028c\u00e9");
    }

    [Fact]
    public void NulInCurrentTask_IsControlCharacter() =>
        Decoding.ShouldRejectWith(SeedWith("\"current_task\": null", "\"current_task\": \"render\\u0000clip\""), "payload.current_task", RejectCodes.ControlCharacter);

    [Fact]
    public void NulInsideACurrentTaskObject_IsControlCharacterAtItsPath() =>
        Decoding.ShouldRejectWith(SeedWith("\"current_task\": null", "\"current_task\": {\"task_id\": \"t\\u0000\"}"), "payload.current_task.task_id", RejectCodes.ControlCharacter);

    [Fact]
    public void ControlCharacter_InAnIgnoredField_IsStillRejected() =>
        Decoding.ShouldRejectWith(SeedWith("\"trace_id\"", "\"note\": \"a\\u0001b\", \"trace_id\""), "note", RejectCodes.ControlCharacter);

    [Fact]
    public void ControlCharacter_InAPropertyName_IsReportedAtThatNameEscaped()
    {
        var violation = Decoding.ShouldRejectWith(SeedWith("\"trace_id\"", "\"x\\u0000y\": 1, \"trace_id\""), "[\"x\\u0000y\"]", RejectCodes.ControlCharacter);

        TextRules.IsStorable(violation.Path).ShouldBeTrue();
    }

    [Theory]
    [InlineData("\"id\": \"influencer-status-2f4e8b9a\",", "\"id\": \"influencer-status-2f4e8b9a\", \"id\": \"other\",", "id")]
    [InlineData("\"influencer_id\": \"alpha\",", "\"influencer_id\": \"alpha\", \"influencer_id\": \"beta\",", "payload.influencer_id")]
    [InlineData("\"load\": 0.21,", "\"load\": 0.21, \"load\": 0.99,", "payload.load")]
    [InlineData("\"payload\": {", "\"payload\": {\"status\": \"busy\",", "payload.status")]
    [InlineData("\"current_task\": null", "\"current_task\": {\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}}", "payload.current_task.b.c")]
    public void DuplicateKey_AtAnyDepth_IsDuplicateKeyAtTheRepeat(string find, string replace, string path) =>
        Decoding.ShouldRejectWith(SeedWith(find, replace), path, RejectCodes.DuplicateKey);

    [Fact]
    public void DuplicateKey_SpelledWithAnEscape_IsStillADuplicate() =>
        Decoding.ShouldRejectWith(SeedWith("\"trace_id\"", "\"trace\\u005fid\": \"t\", \"trace_id\""), "trace_id", RejectCodes.DuplicateKey);

    [Fact]
    public void SameNameInDifferentObjects_IsNotADuplicate() =>
        Decoding.Decode(SeedWith("\"current_task\": null", "\"current_task\": {\"status\": \"x\", \"load\": {\"load\": 1}}")).IsValid.ShouldBeTrue();

    [Fact]
    public void DuplicateKey_AfterManyProperties_IsFound()
    {
        var many = string.Concat(Enumerable.Range(0, 500).Select(i => $"\"f{i}\": {i}, "));
        var result = Decoding.Decode(SeedWith("\"trace_id\"", many + "\"f499\": 0, \"trace_id\""));

        result.Violations.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            v => v.Code.ShouldBe(RejectCodes.DuplicateKey),
            v => v.Path.ShouldBe("f499"));
    }

    [Fact]
    public void ThousandsOfDistinctIgnoredFields_AreAccepted()
    {
        var many = string.Concat(Enumerable.Range(0, 1500).Select(i => $"\"f{i}\":0,"));

        Decoding.Decode(SeedWith("\"trace_id\"", many + "\"trace_id\"")).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void PeekInfluencerId_OfADuplicatedId_IsNull_NoReaderMayPickOne() =>
        StatusEventJson.PeekInfluencerId(Encoding.UTF8.GetBytes(SeedWith("\"influencer_id\": \"alpha\",", "\"influencer_id\": \"alpha\", \"influencer_id\": \"beta\","))).ShouldBeNull();

    [Fact]
    public void PeekInfluencerId_OfALoneSurrogateId_IsNullInsteadOfThrowing() =>
        StatusEventJson.PeekInfluencerId(Encoding.UTF8.GetBytes(SeedWith("\"influencer_id\": \"alpha\"", "\"influencer_id\": \"\\ud800\""))).ShouldBeNull();

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1.7976931348623159e308")]
    public void NumberOutsideTheDoubleRange_IsOutOfRange(string number) =>
        Decoding.ShouldRejectWith(SeedWith("\"load\": 0.21", $"\"load\": {number}"), "payload.load", RejectCodes.OutOfRange);

    [Fact]
    public void NumberTooSmallToRepresent_IsZero() =>
        Decoding.Decode(SeedWith("\"load\": 0.21", "\"load\": 1e-400")).Event!.Load.ShouldBe(0.0);

    [Fact]
    public void ControlCharactersAndDuplicates_AreReportedTogether_UpToTheLimit()
    {
        var many = string.Concat(Enumerable.Range(0, 100).Select(i => $"\"c{i}\": \"\\u0007\", "));
        var result = Decoding.Decode(SeedWith("\"trace_id\"", "\"id\": \"again\", " + many + "\"trace_id\""));

        result.Violations.Count.ShouldBe(StatusLimits.MaxViolations);
        result.Violations[0].ShouldSatisfyAllConditions(v => v.Code.ShouldBe(RejectCodes.DuplicateKey), v => v.Path.ShouldBe("id"));
        result.Violations.Skip(1).ShouldAllBe(v => v.Code == RejectCodes.ControlCharacter);
    }

    [Theory]
    [InlineData("2026-02-06T12:45:00 +01:00")]
    [InlineData("2026-02-06T12:45Z")]
    [InlineData("2026-2-06T12:45:00Z")]
    [InlineData("Fri, 06 Feb 2026 12:45:00Z")]
    [InlineData("2026-02-06T12:45:00.Z")]
    [InlineData("2026-02-06T12:45:00.1234567891Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("2026-02-06T12:45:00+14:01")]
    [InlineData("２０２６-02-06T12:45:00Z")]
    public void TimestampThatIsNotStrictIso8601_IsBadTimestamp(string timestamp) =>
        Decoding.ShouldRejectWith(SeedWith("\"2026-02-06T12:45:00Z\"", $"\"{timestamp}\""), "timestamp", RejectCodes.BadTimestamp);

    [Theory]
    [InlineData("2026-02-06T12:45:00.123456789Z")]
    [InlineData("2026-02-06t12:45:00Z")]
    public void TimestampEdgeForms_FollowTheShapeRule(string timestamp)
    {
        var result = Decoding.Decode(SeedWith("\"2026-02-06T12:45:00Z\"", $"\"{timestamp}\""));

        // Nine fraction digits are ISO-8601 (RFC 3339 producers write them); a lower-case 't' is not our shape.
        result.IsValid.ShouldBe(timestamp.Contains('T', StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownStatusMessage_QuotesTheValueBoundedAndEscaped()
    {
        var violation = Decoding.ShouldRejectWith(SeedWith("\"online\"", "\"" + new string('x', 5000) + "\""), "payload.status", RejectCodes.UnknownStatus);

        violation.Message.Length.ShouldBeLessThan(300);
        violation.Message.ShouldContain("(5000 characters)");
    }
}
