namespace Chimera.Adapters;

/// <summary>Settings of one <see cref="StatusAdapter"/> (one per worker/influencer), checked by <see cref="StatusAdapterOptionsValidator"/>.</summary>
public sealed class StatusAdapterOptions
{
    /// <summary>Default <see cref="BufferCapacity"/>: at about 1 KB per signed event, 1 MB while the transport is down.</summary>
    public const int DefaultBufferCapacity = 1024;

    /// <summary>The spec every event cites in <c>payload.spec_reference</c>.</summary>
    public const string DefaultSpecReference = "specs/openclaw_integration.md";

    /// <summary>The influencer this adapter speaks for (required).</summary>
    public string InfluencerId { get; set; } = "";

    /// <summary>
    /// Rate-limited or mobile network: heartbeat at the slowest rate (2 min) whatever the relevance
    /// (spec §3). Changes are still emitted immediately.
    /// </summary>
    public bool Conservative { get; set; }

    /// <summary>
    /// Most unsent events kept while the transport fails (default 1024). Heartbeats coalesce (one at most
    /// is buffered); when the buffer is full of changes the oldest change is dropped, counted and logged.
    /// </summary>
    public int BufferCapacity { get; set; } = DefaultBufferCapacity;

    /// <summary>First retry delay after a transport failure (default 1 s); doubles per failure.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest retry delay (default 30 s).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful stop keeps retrying to deliver what is buffered, offline included (default 10 s).</summary>
    public TimeSpan StopDrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>payload.spec_reference</c> (default <c>specs/openclaw_integration.md</c>).</summary>
    public string SpecReference { get; set; } = DefaultSpecReference;
}
