using System.Globalization;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;
using Chimera.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace Chimera.Core.Ingress;

/// <summary>
/// The one gate every entry passes before it may touch state, whatever the transport (spec §7–§8): the size cap
/// before anything is hashed or copied, then the signature over the raw bytes (a forgery is never parsed further),
/// then decoding and validation, then the adapter's authority over the influencer and the replay window.
/// Thread-safe and allocation-light: it runs on the stream receivers' hot path. Total: every input gets a result.
/// </summary>
public sealed class StatusEntryGate : IStatusEntryGate
{
    private readonly IRatifiedSpecs _specs;
    private readonly AdapterKeyring _keyring;
    private readonly TimeProvider _clock;
    private readonly IngressOptions _options;
    private readonly ChimeraMetrics? _metrics;

    public StatusEntryGate(IRatifiedSpecs specs, AdapterKeyring keyring, TimeProvider clock, IOptions<IngressOptions> options, ChimeraMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(keyring);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics;
        _specs = specs;
        _keyring = keyring;
        _clock = clock;
        _options = options.Value;
    }

    /// <summary>
    /// Admits or rejects one entry. <paramref name="receivedAt"/>: when the transport first received it, for an entry
    /// delivered again after it was admitted once (a consumer's effects were not durable yet); the replay window's
    /// lower bound then runs from there (never from later than now), so an outage longer than the window does not turn
    /// valid changes into rejects. An attacker can only move that reference earlier, which rejects more, not less.
    /// </summary>
    public GateResult Admit(SignedStatusEntry entry, DateTimeOffset? receivedAt = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var result = AdmitCore(entry, receivedAt);
        if (result.IsAccepted)
        {
            _metrics?.EventsAccepted.Add(1);
        }
        else
        {
            _metrics?.CountRejected(result.Violations[0].Code);
        }

        return result;
    }

    private GateResult AdmitCore(SignedStatusEntry entry, DateTimeOffset? receivedAt)
    {
        // Step 0, the size cap: an oversized event is neither hashed nor copied (spec §7.4). Not parsing, so a
        // forged oversized entry reports oversized_event: nothing about it was trusted either way.
        if (entry.EventJson is null)
        {
            // Only a hand-built entry (e.g. a client calling the ingest grain) can lack its event bytes.
            return GateResult.Reject(new Violation("$entry.event", RejectCodes.MalformedEntry, "the entry has no event"));
        }

        var length = entry.EventJson.Length;
        if (length > StatusLimits.MaxEventBytes)
        {
            return GateResult.Reject(StatusEventJson.Oversized(length).Violations);
        }

        // The influencer is not known before decoding; authority over it is checked after.
        var signature = _keyring.VerifySignature(entry, out var key);
        if (signature is not null)
        {
            return GateResult.Reject(signature);
        }

        var decoded = StatusEventJson.Decode(entry.EventJson, _specs);
        if (!decoded.IsValid)
        {
            return GateResult.Reject(decoded.Violations);
        }

        var statusEvent = decoded.Event;
        var authority = _keyring.Authorize(key!, entry, statusEvent.InfluencerId);
        if (authority is not null)
        {
            return GateResult.Reject(authority);
        }

        var now = _clock.GetUtcNow();
        if (statusEvent.Timestamp > now + _options.MaxClockSkew)
        {
            return GateResult.Reject(new Violation("timestamp", RejectCodes.OutsideReplayWindow,
                $"timestamp {Format(statusEvent.Timestamp)} is more than {_options.MaxClockSkew.TotalSeconds:0} s ahead of the silo clock ({Format(now)})"));
        }

        var reference = receivedAt is { } received && received < now ? received : now;
        if (statusEvent.Timestamp < reference - _options.ReplayWindow)
        {
            return GateResult.Reject(new Violation("timestamp", RejectCodes.OutsideReplayWindow,
                $"timestamp {Format(statusEvent.Timestamp)} is older than the {_options.ReplayWindow.TotalMinutes:0.#}-minute replay window"));
        }

        return GateResult.Accept(statusEvent with { Provenance = new AdapterProvenance(entry.AdapterId!, entry.KeyId!) });
    }

    private static string Format(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
