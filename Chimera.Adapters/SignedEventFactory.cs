using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;

namespace Chimera.Adapters;

/// <summary>
/// Turns a report into the signed wire entry (spec §2, §7): builds the <c>mcp.perception.v1</c> event,
/// validates it with the wire decoder (the same check the silo runs) and signs the exact bytes.
/// </summary>
public static class SignedEventFactory
{
    /// <summary>Throws <see cref="StatusRejectedException"/> with every violation when the report makes an invalid event.</summary>
    public static (SignedStatusEntry Entry, StatusEvent Event) Create(
        string influencerId,
        StatusReport report,
        DateTimeOffset timestamp,
        AdapterKey key,
        IRatifiedSpecs ratifiedSpecs,
        string specReference = StatusAdapterOptions.DefaultSpecReference)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(key);
        var value = new StatusEvent
        {
            EventId = $"influencer-status-{Guid.NewGuid():D}",
            Source = PerceptionNames.SourcePrefix + influencerId,
            Timestamp = timestamp,
            InfluencerId = influencerId,
            Status = report.Status,
            Capabilities = report.Capabilities ?? [],
            CurrentTask = report.CurrentTask,
            Load = report.Load,
            Confidence = report.Confidence,
            RelevanceScore = report.RelevanceScore,
            SpecReference = specReference,
            TraceId = report.TraceId,
        };

        byte[] json;
        try
        {
            json = StatusEventJson.Encode(value);
        }
        catch (ArgumentException ex)
        {
            // NaN and infinities have no JSON form.
            throw new StatusRejectedException([new Violation("payload", RejectCodes.OutOfRange, ex.Message)]);
        }

        // Fail fast in the worker's call rather than have the silo dead-letter it later.
        var decoded = StatusEventJson.Decode(json, ratifiedSpecs);
        if (!decoded.IsValid)
        {
            throw new StatusRejectedException(decoded.Violations);
        }

        return (HmacStatusSigner.CreateEntry(key, json), value);
    }
}
