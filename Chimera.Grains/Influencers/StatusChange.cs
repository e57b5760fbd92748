using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;

namespace Chimera.Grains.Influencers;

/// <summary>Decides whether an event changes the status view or is a plain heartbeat (spec §4).</summary>
internal static class StatusChange
{
    /// <summary>The reason the event is a change (spec §4.2, first matching rule), or null for a heartbeat.</summary>
    public static string? Classify(InfluencerState state, StatusEvent next, bool wasStale)
    {
        if (!state.Known)
        {
            return "first status";
        }

        if (wasStale)
        {
            return "back from stale";
        }

        if (state.ReportedStatus != next.Status)
        {
            return "status";
        }

        if (!SameCapabilities(state.Capabilities, next.Capabilities))
        {
            return "capabilities";
        }

        if (!string.Equals(state.CurrentTask, next.CurrentTask, StringComparison.Ordinal))
        {
            return "current task";
        }

        if (ChangeRules.MovedAtLeast(state.BaselineLoad, next.Load, ChangeRules.LoadThreshold))
        {
            return "load";
        }

        if (ChangeRules.MovedAtLeast(state.BaselineRelevance, next.RelevanceScore, ChangeRules.RelevanceThreshold))
        {
            return "relevance";
        }

        // Rule 8: crossing 0.5 either way, or a move of at least 0.10 (decimal-exact, see ChangeRules.MovedAtLeast).
        if (ChangeRules.CrossesProbeThreshold(state.BaselineConfidence, next.Confidence)
            || ChangeRules.MovedAtLeast(state.BaselineConfidence, next.Confidence, ChangeRules.ConfidenceThreshold))
        {
            return "confidence";
        }

        return null;
    }

    /// <summary>Same capabilities regardless of order.</summary>
    public static bool SameCapabilities(Capability[] current, IReadOnlyList<Capability> next)
    {
        if (current.Length != next.Count)
        {
            return false;
        }

        foreach (var capability in next)
        {
            if (Array.IndexOf(current, capability) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
