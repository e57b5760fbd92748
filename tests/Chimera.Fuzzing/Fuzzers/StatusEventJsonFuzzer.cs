namespace Chimera.Fuzzing.Fuzzers;

/// <summary>
/// <c>StatusEventJson.Decode</c> on raw bytes: total, and every accepted event round-trips (spec §8.6). Instruments
/// the decoder and validator in Chimera.Contracts, so coverage steers towards new paths through the text check,
/// the reader and every field rule.
/// </summary>
internal sealed class StatusEventJsonFuzzer : IFuzzer
{
    public IReadOnlyList<(string Assembly, string Prefix)> Instrument { get; } = [("Chimera.Contracts.dll", "Chimera.Contracts")];

    public void FuzzTarget(ReadOnlySpan<byte> bytes) => StatusInvariants.CheckDecode(bytes);

    public string Outcome(ReadOnlySpan<byte> bytes)
    {
        var result = Contracts.Wire.StatusEventJson.Decode(bytes.ToArray(), StatusInvariants.Specs);
        return result.IsValid ? "accepted" : result.Violations[0].Code;
    }
}
