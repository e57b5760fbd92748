namespace Chimera.Contracts.Spec;

/// <summary>Topic, type and schema names fixed by <c>specs/openclaw_integration.md</c> §1 and §6.</summary>
public static class PerceptionNames
{
    /// <summary>The Redis/Orleans topic adapters publish status events to (also the Orleans stream namespace).</summary>
    public const string StatusTopic = "mcp.perception.influencer.status";

    /// <summary>The topic derived public OpenClaw profiles are published to.</summary>
    public const string AnnounceTopic = "mcp.perception.openclaw.announce";

    /// <summary>The topic rejected entries are written to, with their reason codes.</summary>
    public const string DeadLetterTopic = "mcp.perception.deadletter";

    /// <summary>The only accepted value of the envelope's <c>type</c>.</summary>
    public const string StatusEventType = "influencer.status.v1";

    /// <summary>The <c>type</c> of derived announce events.</summary>
    public const string AnnounceEventType = "mcp.perception.openclaw.announce";

    /// <summary>The only accepted value of <c>payload.schema_version</c>.</summary>
    public const string SchemaVersion = "mcp.perception.v1";

    /// <summary>The prefix of <c>source</c>; the rest must equal <c>payload.influencer_id</c>.</summary>
    public const string SourcePrefix = "worker/influencer.";
}
