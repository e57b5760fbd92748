namespace Chimera.Contracts.Grains;

/// <summary>What an audit row records (spec §9).</summary>
[GenerateSerializer]
public enum AuditKind : byte
{
    StatusChange = 0,
    StaleDetected = 1,
    ProbeScheduled = 2,
    ProbeResult = 3,
}
