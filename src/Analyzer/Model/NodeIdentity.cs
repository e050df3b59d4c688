using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Folint.Analyzer.Model;

/// <summary>
/// Compares model nodes by identity. Records compare by value, and two occurrences of <c>page->flags</c> in one
/// body are equal values but different sites; generated accessors even share one span on every node.
/// </summary>
public sealed class NodeIdentity : IEqualityComparer<Node>
{
    public static readonly NodeIdentity Instance = new();

    private NodeIdentity() { }

    public bool Equals(Node? x, Node? y) => ReferenceEquals(x, y);

    public int GetHashCode(Node obj) => RuntimeHelpers.GetHashCode(obj);
}
