namespace Chimera.Bench.Infrastructure;

/// <summary>One line of the results table: Chimera's figure, the same-run baseline and the target.</summary>
internal sealed record ResultRow(string Area, string Metric, string Chimera, string Baseline, string Target, string Verdict);
