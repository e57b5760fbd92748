namespace Chimera.Core.Ingress;

/// <summary>One field of a rejected entry as received: its name and its bytes (which need not be UTF-8).</summary>
public readonly record struct DeadLetterField(string Name, ReadOnlyMemory<byte> Value);
