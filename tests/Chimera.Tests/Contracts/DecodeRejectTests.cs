using System.Text;
using System.Text.Json.Nodes;
using Chimera.Contracts.Validation;
using Chimera.Testing.Fixtures;
using Chimera.Testing;

namespace Chimera.Tests.Contracts;

/// <summary>One test per reject class of spec §8.1: each input differs from the seed example in one way.</summary>
// Over 400 lines on purpose: it is the catalogue of §8.1's reject classes, one short case each, read top to bottom
// against the spec's table; splitting it by class would scatter that table over files.
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class DecodeRejectTests
{
    [Theory]
    [InlineData("{\"id\":")]
    [InlineData("")]
    [InlineData("{'id': 'single-quoted'}")]
    [InlineData("{\"id\": \"x\",}")]
    public void MalformedJson_IsRejectedAtTheRoot(string json) =>
        Decoding.ShouldRejectWith(json, "$", RejectCodes.MalformedJson);

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"influencer.status.v1\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void NonObjectRoot_IsMalformedJson(string json) =>
        Decoding.ShouldRejectWith(json, "$", RejectCodes.MalformedJson);

    [Fact]
    public void EventOfExactlyTheSizeLimit_IsAccepted()
    {
        var json = PadTo(StatusLimits.MaxEventBytes);

        Encoding.UTF8.GetByteCount(json).ShouldBe(16_384);
        Decoding.Decode(json).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void EventOneByteOverTheSizeLimit_IsOversizedAndNotParsed()
    {
        var violation = Decoding.ShouldRejectWith(PadTo(StatusLimits.MaxEventBytes + 1), "$", RejectCodes.Oversized);

        violation.Message.ShouldContain("16385");
    }

    [Fact]
    public void OversizedGarbage_IsOversizedNotMalformed() =>
        Decoding.ShouldRejectWith(new string('{', 20_000), "$", RejectCodes.Oversized);

    [Theory]
    [InlineData("id")]
    [InlineData("source")]
    [InlineData("timestamp")]
    [InlineData("type")]
    [InlineData("payload")]
    [InlineData("relevance_score")]
    public void MissingEnvelopeField_IsReportedAtItsPath(string field) =>
        Decoding.ShouldRejectWith(SeedExample.With(root => root.Remove(field)), field, RejectCodes.MissingField);

    [Theory]
    [InlineData("influencer_id")]
    [InlineData("status")]
    [InlineData("capabilities")]
    [InlineData("load")]
    [InlineData("confidence")]
    [InlineData("schema_version")]
    [InlineData("spec_reference")]
    public void MissingPayloadField_IsReportedAtItsPath(string field) =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p.Remove(field)), "payload." + field, RejectCodes.MissingField);

    [Theory]
    [InlineData("load")]
    [InlineData("status")]
    [InlineData("influencer_id")]
    public void NullRequiredField_CountsAsMissing(string field) =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p[field] = null), "payload." + field, RejectCodes.MissingField);

    [Theory]
    [InlineData("id")]
    [InlineData("type")]
    public void EmptyRequiredString_CountsAsMissing(string field) =>
        Decoding.ShouldRejectWith(SeedExample.With(root => root[field] = ""), field, RejectCodes.MissingField);

    [Fact]
    public void OptionalFieldsAbsent_AreAccepted()
    {
        var result = Decoding.Decode(SeedExample.With(root =>
        {
            root.Remove("trace_id");
            root["payload"]!.AsObject().Remove("current_task");
        }));

        result.IsValid.ShouldBeTrue();
        result.Event.TraceId.ShouldBeNull();
        result.Event.CurrentTask.ShouldBeNull();
    }

    [Fact]
    public void LoadAsString_IsWrongType() =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p["load"] = "0.21"), "payload.load", RejectCodes.WrongType);

    [Fact]
    public void StatusAsNumber_IsWrongType() =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p["status"] = 1), "payload.status", RejectCodes.WrongType);

    [Fact]
    public void CapabilitiesNotAnArray_IsWrongType() =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p["capabilities"] = "video-gen:v2"), "payload.capabilities", RejectCodes.WrongType);

    [Fact]
    public void CapabilityNotAString_IsWrongTypeAtItsIndex() =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p["capabilities"] = new JsonArray("video-gen:v2", 7)), "payload.capabilities[1]", RejectCodes.WrongType);

    [Fact]
    public void PayloadNotAnObject_IsWrongType() =>
        Decoding.ShouldRejectWith(SeedExample.With(root => root["payload"] = "online"), "payload", RejectCodes.WrongType);

    [Fact]
    public void RelevanceAsBoolean_IsWrongType() =>
        Decoding.ShouldRejectWith(SeedExample.With(root => root["relevance_score"] = true), "relevance_score", RejectCodes.WrongType);

    [Fact]
    public void CurrentTaskAsNumber_IsWrongType() =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p["current_task"] = 3), "payload.current_task", RejectCodes.WrongType);

    [Fact]
    public void TraceIdAsNumber_IsWrongType() =>
        Decoding.ShouldRejectWith(SeedExample.With(root => root["trace_id"] = 123), "trace_id", RejectCodes.WrongType);

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void NotANumberSpelledAsString_IsWrongType(string text) =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p["confidence"] = text), "payload.confidence", RejectCodes.WrongType);

    [Theory]
    [InlineData("away")]
    [InlineData("Online")]
    [InlineData("stale")]
    public void UnknownStatus_IsRejected(string status) =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p["status"] = status), "payload.status", RejectCodes.UnknownStatus);

    [Theory]
    [InlineData("load", -0.1)]
    [InlineData("load", 1.1)]
    [InlineData("confidence", -0.1)]
    [InlineData("confidence", 1.1)]
    public void PayloadUnitOutOfRange_IsRejected(string field, double value) =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p[field] = value), "payload." + field, RejectCodes.OutOfRange);

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void RelevanceOutOfRange_IsRejected(double value) =>
        Decoding.ShouldRejectWith(SeedExample.With(root => root["relevance_score"] = value), "relevance_score", RejectCodes.OutOfRange);

    [Fact]
    public void UnitBoundsZeroAndOne_AreAccepted()
    {
        var result = Decoding.Decode(SeedExample.With(root =>
        {
            root["relevance_score"] = 0;
            root["payload"]!["load"] = 1;
            root["payload"]!["confidence"] = 0.0;
        }));

        result.IsValid.ShouldBeTrue();
        result.Event.RelevanceScore.ShouldBe(0.0);
        result.Event.Load.ShouldBe(1.0);
        result.Event.Confidence.ShouldBe(0.0);
    }

    [Fact]
    public void NumberTooLargeForADouble_IsOutOfRange() =>
        Decoding.ShouldRejectWith(SeedExample.With(root => root["relevance_score"] = JsonNode.Parse("1e400")), "relevance_score", RejectCodes.OutOfRange);

    [Theory]
    [InlineData("influencer.status.v2")]
    [InlineData("mcp.perception.openclaw.announce")]
    public void WrongEventType_IsRejected(string type) =>
        Decoding.ShouldRejectWith(SeedExample.With(root => root["type"] = type), "type", RejectCodes.WrongEventType);

    [Fact]
    public void WrongSchemaVersion_IsRejected() =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p["schema_version"] = "mcp.perception.v2"), "payload.schema_version", RejectCodes.WrongSchemaVersion);

    [Theory]
    [InlineData("2026-02-06T12:45:00")]
    [InlineData("2026-02-06")]
    [InlineData("2026-02-06 12:45:00Z")]
    [InlineData("yesterday")]
    [InlineData("2026-13-06T12:45:00Z")]
    [InlineData("1738845900")]
    public void TimestampWithoutZoneOrNotIso8601_IsBadTimestamp(string timestamp) =>
        Decoding.ShouldRejectWith(SeedExample.With(root => root["timestamp"] = timestamp), "timestamp", RejectCodes.BadTimestamp);

    [Fact]
    public void TimestampAsNumber_IsWrongType() =>
        Decoding.ShouldRejectWith(SeedExample.With(root => root["timestamp"] = 1738845900), "timestamp", RejectCodes.WrongType);

    [Theory]
    [InlineData("2026-02-06T14:45:00+02:00")]
    [InlineData("2026-02-06T12:45:00.000Z")]
    [InlineData("2026-02-06T07:45:00-05:00")]
    public void TimestampWithAnOffset_IsStoredAsTheSameUtcInstant(string timestamp)
    {
        var result = Decoding.Decode(SeedExample.With(root => root["timestamp"] = timestamp));

        result.IsValid.ShouldBeTrue();
        result.Event.Timestamp.ShouldBe(SeedExample.Timestamp);
        result.Event.Timestamp.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("video-gen")]
    [InlineData("video-gen:2")]
    [InlineData("Video:v1")]
    [InlineData("video-gen:v0")]
    [InlineData("a:v01")]
    [InlineData("video-gen:v10000")]
    [InlineData(":v1")]
    [InlineData("1video:v1")]
    [InlineData("video gen:v1")]
    [InlineData("video:gen:v1")]
    [InlineData("")]
    public void MalformedCapability_IsBadCapabilityAtItsIndex(string capability) =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p["capabilities"] = new JsonArray("captioning:v1", capability)), "payload.capabilities[1]", RejectCodes.BadCapability);

    [Fact]
    public void DuplicateCapability_IsBadCapabilityAtTheRepeat() =>
        Decoding.ShouldRejectWith(
            SeedExample.WithPayload(p => p["capabilities"] = new JsonArray("video-gen:v2", "captioning:v1", "video-gen:v2")),
            "payload.capabilities[2]",
            RejectCodes.BadCapability);

    [Fact]
    public void SameNameAtTwoVersions_IsAccepted()
    {
        var result = Decoding.Decode(SeedExample.WithPayload(p => p["capabilities"] = new JsonArray("video-gen:v1", "video-gen:v2")));

        result.IsValid.ShouldBeTrue();
        result.Event.Capabilities.Count.ShouldBe(2);
    }

    [Fact]
    public void NoCapabilities_IsAccepted() =>
        Decoding.Decode(SeedExample.WithPayload(p => p["capabilities"] = new JsonArray())).Event!.Capabilities.ShouldBeEmpty();

    [Fact]
    public void ThirtyTwoCapabilities_AreAccepted() =>
        Decoding.Decode(WithCapabilityCount(32)).Event!.Capabilities.Count.ShouldBe(32);

    [Fact]
    public void ThirtyThreeCapabilities_AreTooMany() =>
        Decoding.ShouldRejectWith(WithCapabilityCount(33), "payload.capabilities", RejectCodes.TooManyCapabilities);

    [Theory]
    [InlineData("worker/influencer.beta")]
    [InlineData("adapter/influencer.alpha")]
    [InlineData("worker/influencer.Alpha")]
    [InlineData("alpha")]
    public void SourceNotNamingTheInfluencer_IsSourceMismatch(string source) =>
        Decoding.ShouldRejectWith(SeedExample.With(root => root["source"] = source), "source", RejectCodes.SourceMismatch);

    [Theory]
    [InlineData("specs/other.md")]
    [InlineData("specs/OPENCLAW_INTEGRATION.md")]
    [InlineData("openclaw_integration.md")]
    public void UnratifiedSpecReference_IsRejected(string reference) =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p["spec_reference"] = reference), "payload.spec_reference", RejectCodes.UnratifiedSpec);

    [Fact]
    public void SpecReferenceOverTheLengthLimit_IsOutOfRange() =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p["spec_reference"] = "specs/" + new string('a', 251)), "payload.spec_reference", RejectCodes.OutOfRange);

    [Theory]
    [InlineData("influencer status 1")]
    [InlineData("status/1")]
    [InlineData("événement")]
    public void EventIdWithCharactersOutsideItsAlphabet_IsOutOfRange(string id) =>
        Decoding.ShouldRejectWith(SeedExample.With(root => root["id"] = id), "id", RejectCodes.OutOfRange);

    [Fact]
    public void EventIdOfTheMaximumLength_IsAccepted() =>
        Decoding.Decode(SeedExample.With(root => root["id"] = new string('e', 128))).Event!.EventId.Length.ShouldBe(128);

    [Fact]
    public void EventIdOverTheMaximumLength_IsOutOfRange() =>
        Decoding.ShouldRejectWith(SeedExample.With(root => root["id"] = new string('e', 129)), "id", RejectCodes.OutOfRange);

    [Fact]
    public void InfluencerIdOverTheMaximumLength_IsOutOfRange()
    {
        var id = new string('i', 65);

        Decoding.ShouldRejectWith(
            SeedExample.With(root =>
            {
                root["source"] = "worker/influencer." + id;
                root["payload"]!["influencer_id"] = id;
            }),
            "payload.influencer_id",
            RejectCodes.OutOfRange);
    }

    [Fact]
    public void InfluencerIdWithASlash_IsOutOfRange() =>
        Decoding.ShouldRejectWith(
            SeedExample.With(root =>
            {
                root["source"] = "worker/influencer.a/b";
                root["payload"]!["influencer_id"] = "a/b";
            }),
            "payload.influencer_id",
            RejectCodes.OutOfRange);

    [Fact]
    public void TraceIdOverTheMaximumLength_IsOutOfRange() =>
        Decoding.ShouldRejectWith(SeedExample.With(root => root["trace_id"] = new string('t', 129)), "trace_id", RejectCodes.OutOfRange);

    [Fact]
    public void CurrentTaskOverTheMaximumLength_IsOutOfRange() =>
        Decoding.ShouldRejectWith(SeedExample.WithPayload(p => p["current_task"] = new string('t', 1025)), "payload.current_task", RejectCodes.OutOfRange);

    [Fact]
    public void EmptyCurrentTask_CountsAsNoTask_LikeAnEmptyTraceId()
    {
        var result = Decoding.Decode(SeedExample.WithPayload(p => p["current_task"] = ""));

        result.IsValid.ShouldBeTrue();
        result.Event.CurrentTask.ShouldBeNull();
    }

    [Fact]
    public void CurrentTaskObjectWithWhitespace_IsKeptAsCompactJson() =>
        Decoding.Decode(SeedExample.Json.Replace("\"current_task\": null", "\"current_task\": { \"task_id\" :  \"t-1\" ,\n \"n\": [ 1 , 2 ] }", StringComparison.Ordinal))
            .Event!.CurrentTask.ShouldBe("{\"task_id\":\"t-1\",\"n\":[1,2]}");

    [Fact]
    public void CurrentTaskObject_IsKeptAsCompactJson()
    {
        var result = Decoding.Decode(SeedExample.WithPayload(p => p["current_task"] = new JsonObject { ["task_id"] = "t-1", ["kind"] = "caption" }));

        result.IsValid.ShouldBeTrue();
        result.Event.CurrentTask.ShouldBe("{\"task_id\":\"t-1\",\"kind\":\"caption\"}");
    }

    [Fact]
    public void UnknownFields_AreIgnored()
    {
        var result = Decoding.Decode(SeedExample.With(root =>
        {
            root["priority"] = 3;
            root["payload"]!["mood"] = "sunny";
        }));

        result.IsValid.ShouldBeTrue();
    }

    [Fact]
    public void SeveralViolations_AreReportedTogetherInDocumentOrder()
    {
        var json = SeedExample.With(root =>
        {
            root["timestamp"] = "2026-02-06T12:45:00";
            root["type"] = "influencer.status.v2";
            root["relevance_score"] = 1.5;
            root["source"] = "worker/influencer.beta";
            var p = root["payload"]!;
            p["status"] = "away";
            p["capabilities"] = new JsonArray("video-gen:v2", "Video:v1", 7);
            p["load"] = "0.21";
            p["confidence"] = -0.1;
            p["schema_version"] = "mcp.perception.v0";
            p["spec_reference"] = "specs/other.md";
        });

        var result = Decoding.Decode(json);

        result.IsValid.ShouldBeFalse();
        result.Violations.Select(v => (v.Path, v.Code)).ShouldBe(
        [
            ("timestamp", RejectCodes.BadTimestamp),
            ("type", RejectCodes.WrongEventType),
            ("relevance_score", RejectCodes.OutOfRange),
            ("payload.status", RejectCodes.UnknownStatus),
            ("payload.capabilities[1]", RejectCodes.BadCapability),
            ("payload.capabilities[2]", RejectCodes.WrongType),
            ("payload.load", RejectCodes.WrongType),
            ("payload.confidence", RejectCodes.OutOfRange),
            ("payload.schema_version", RejectCodes.WrongSchemaVersion),
            ("payload.spec_reference", RejectCodes.UnratifiedSpec),
            ("source", RejectCodes.SourceMismatch),
        ]);
    }

    [Fact]
    public void MissingPayload_StillReportsEnvelopeViolations()
    {
        var result = Decoding.Decode(SeedExample.With(root =>
        {
            root.Remove("id");
            root.Remove("payload");
        }));

        result.Violations.Select(v => (v.Path, v.Code)).ShouldBe(
        [
            ("id", RejectCodes.MissingField),
            ("payload", RejectCodes.MissingField),
        ]);
    }

    /// <summary>The seed event padded with trailing whitespace (valid JSON) to exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static string PadTo(int bytes)
    {
        var json = SeedExample.Parse().ToJsonString();
        return json + new string(' ', bytes - Encoding.UTF8.GetByteCount(json));
    }

    private static string WithCapabilityCount(int count)
    {
        var list = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            list.Add($"skill-{i}:v1");
        }

        return SeedExample.WithPayload(p => p["capabilities"] = list);
    }
}
