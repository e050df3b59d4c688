using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Folint.CSource.Interop;
using Folint.CSource.Normalization;

namespace Folint.CSource.Tests.Normalization;

/// <summary>One C snippet run through the normalizer, with the parse of the result.</summary>
internal sealed class Normalized : IDisposable
{
    private readonly CParser _parser = new();

    public Normalized(string source, Normalizer? normalizer = null)
    {
        Source = Encoding.UTF8.GetBytes(source);
        Result = (normalizer ?? Normalizer.Default).Normalize(Source);
        Tree = _parser.Parse(Result.Text) ?? throw new InvalidOperationException("tree-sitter returned no tree");
    }

    public byte[] Source { get; }

    public NormalizedSource Result { get; }

    public SyntaxTree Tree { get; }

    public string Text => Encoding.UTF8.GetString(Result.Text);

    public bool ParsesClean => !Tree.Root.HasError;

    public MacroRewrite Single(RewriteKind kind) => Assert.Single(Result.Rewrites, r => r.Kind == kind);

    public string Original(MacroRewrite rewrite) => Encoding.UTF8.GetString(Source, rewrite.Span.Start, rewrite.Span.Length);

    public string Rewritten(MacroRewrite rewrite) => Encoding.UTF8.GetString(Result.Text, rewrite.Span.Start, rewrite.Span.Length);

    /// <summary>Offset of the first occurrence of <paramref name="text"/> in the original source.</summary>
    public int OffsetOf(string text, int nth = 0)
    {
        var source = Encoding.UTF8.GetString(Source);
        var at = -1;
        for (var i = 0; i <= nth; i++)
        {
            at = source.IndexOf(text, at + 1, StringComparison.Ordinal);
            if (at < 0)
                throw new ArgumentException($"'{text}' does not occur {nth + 1} times in the source");
        }
        return Encoding.UTF8.GetByteCount(source.AsSpan(0, at));
    }

    public IEnumerable<SyntaxNode> Nodes(string kind) => Descendants(Tree.Root).Where(n => n.Kind == kind);

    public static IEnumerable<SyntaxNode> Descendants(SyntaxNode node)
    {
        yield return node;
        foreach (var child in node.Children)
        {
            foreach (var d in Descendants(child))
                yield return d;
        }
    }

    public void Dispose()
    {
        Tree.Dispose();
        _parser.Dispose();
    }
}
