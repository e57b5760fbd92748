using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;

namespace Chimera.Grains.Influencers;

/// <summary>Decides whether an event changes the status view or is a plain heartbeat (spec §4).</summary>
internal static class StatusChange
{
    /// <summary>The reason the event is a change, or null for a heartbeat.</summary>
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

        if (Math.Abs(next.Load - state.BaselineLoad) >= ChangeRules.LoadThreshold)
        {
            return "load";
        }

        if (Math.Abs(next.RelevanceScore - state.BaselineRelevance) >= ChangeRules.RelevanceThreshold)
        {
            return "relevance";
        }

        var crossed = (state.BaselineConfidence < ChangeRules.ProbeConfidenceThreshold) != (next.Confidence < ChangeRules.ProbeConfidenceThreshold);
        if (crossed || Math.Abs(next.Confidence - state.BaselineConfidence) >= ChangeRules.ConfidenceThreshold)
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
