using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;
using Chimera.Testing;
using Chimera.Testing.Fixtures;

namespace Chimera.Tests.Contracts;

/// <summary>
/// Spec §8.2's nesting limit (16 levels, counting the event's own object) at its exact boundary, on an ignored field
/// and on <c>current_task</c>, and far past it; and §2.1's rule that an empty <c>trace_id</c> counts as absent.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class NestingAndTraceIdTests
{
    /// <summary>The seed event with an ignored field <c>note</c> whose arrays bring the document to <paramref name="depth"/> levels.</summary>
    private static string SeedNestedTo(int depth)
    {
        // The root object is level 1, so depth − 1 arrays.
        var arrays = depth - 1;
        var note = new string('[', arrays) + new string(']', arrays);
        SeedExample.Json.ShouldContain("\"trace_id\"");
        return SeedExample.Json.Replace("\"trace_id\"", $"\"note\": {note}, \"trace_id\"", StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_exactly_at_the_depth_limit_is_accepted()
    {
        StatusLimits.MaxDepth.ShouldBe(16, "spec §8.2");
        var result = Decoding.Decode(SeedNestedTo(StatusLimits.MaxDepth));
        result.Violations.ShouldBeEmpty();
        result.IsValid.ShouldBeTrue();
    }

    [Fact]
    public void One_level_more_is_malformed_json_at_the_root_and_stands_alone()
    {
        var violation = Decoding.ShouldRejectWith(SeedNestedTo(StatusLimits.MaxDepth + 1), "$", RejectCodes.MalformedJson);
        TextRules.IsStorable(violation.Message).ShouldBeTrue();
    }

    [Fact]
    public void A_current_task_object_may_nest_to_the_limit_and_no_further()
    {
        // Root (1) > payload (2) > current_task (3) > 13 more objects = 16.
        static string Task(int objects)
        {
            var inner = "1";
            for (var i = 0; i < objects; i++)
            {
                inner = "{\"k\":" + inner + "}";
            }

            return SeedExample.Json.Replace("\"current_task\": null", "\"current_task\": " + inner, StringComparison.Ordinal);
        }

        var atLimit = Decoding.Decode(Task(StatusLimits.MaxDepth - 2));
        atLimit.Violations.ShouldBeEmpty();
        atLimit.Event!.CurrentTask.ShouldBe(string.Concat(Enumerable.Repeat("{\"k\":", 14)) + "1" + new string('}', 14));

        Decoding.ShouldRejectWith(Task(StatusLimits.MaxDepth - 1), "$", RejectCodes.MalformedJson);
    }

    [Fact]
    public void Ten_thousand_levels_are_rejected_without_a_stack_overflow()
    {
        // 10,000 open arrays (10 KB, under the size limit, so the depth check must answer, not the size check).
        var open = SeedExample.Json.Replace("\"trace_id\"", "\"note\": " + new string('[', 10_000) + ", \"trace_id\"", StringComparison.Ordinal);
        System.Text.Encoding.UTF8.GetByteCount(open).ShouldBeLessThanOrEqualTo(StatusLimits.MaxEventBytes);
        Decoding.ShouldRejectWith(open, "$", RejectCodes.MalformedJson);

        // The deepest well-formed nesting that fits in 16 KiB, arrays and then objects.
        var depth = (StatusLimits.MaxEventBytes - System.Text.Encoding.UTF8.GetByteCount(SeedExample.Json) - 20) / 2;
        depth.ShouldBeGreaterThan(7_000);
        var arrays = SeedNestedTo(depth);
        System.Text.Encoding.UTF8.GetByteCount(arrays).ShouldBeLessThanOrEqualTo(StatusLimits.MaxEventBytes);
        Decoding.ShouldRejectWith(arrays, "$", RejectCodes.MalformedJson);

        var objects = string.Concat(Enumerable.Repeat("{\"a\":", depth / 3)) + "1" + new string('}', depth / 3);
        var deepObjects = SeedExample.Json.Replace("\"current_task\": null", "\"current_task\": " + objects, StringComparison.Ordinal);
        System.Text.Encoding.UTF8.GetByteCount(deepObjects).ShouldBeLessThanOrEqualTo(StatusLimits.MaxEventBytes);
        Decoding.ShouldRejectWith(deepObjects, "$", RejectCodes.MalformedJson);
    }

    [Fact]
    public void An_empty_trace_id_is_the_same_as_none()
    {
        var empty = Decoding.Decode(SeedExample.With(root => root["trace_id"] = ""));
        empty.Violations.ShouldBeEmpty();
        empty.Event!.TraceId.ShouldBeNull("§2.1: an empty trace_id counts as absent");

        var absent = Decoding.Decode(SeedExample.With(root => root.Remove("trace_id")));
        var nulled = Decoding.Decode(SeedExample.With(root => root["trace_id"] = null));
        absent.Event!.TraceId.ShouldBeNull();
        nulled.Event!.TraceId.ShouldBeNull();
        StatusEventJson.Encode(empty.Event).ShouldBe(StatusEventJson.Encode(absent.Event), "an event with an empty trace_id is the event without one");
        System.Text.Encoding.UTF8.GetString(StatusEventJson.Encode(empty.Event)).ShouldNotContain("trace_id", Case.Sensitive, "re-encoding never writes it back as \"\"");
    }

    [Fact]
    public void A_trace_id_of_one_character_is_kept()
    {
        Decoding.Decode(SeedExample.With(root => root["trace_id"] = "t")).Event!.TraceId.ShouldBe("t");
    }
}
