using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Folint.Analyzer.CodeFixes;

/// <summary>
/// A rewrite of one diagnostic's syntax: the root, the node at the diagnostic's location, the nodes at its
/// additional locations (null where none is found any more); the new root, or null when nothing applies.
/// </summary>
internal delegate SyntaxNode? DiagnosticRewrite(SyntaxNode root, SyntaxNode primary, IReadOnlyList<SyntaxNode?> additional, Diagnostic diagnostic);

/// <summary>
/// Fix All for the folint code fixes, in document, project and solution scope (what <c>dotnet format analyzers</c>
/// asks for): every diagnostic of a document is rewritten in turn on the same tree. The nodes each diagnostic names
/// are annotated first, so one fix that also edits another statement (a clamp's fix rewrites the variable's
/// initializer) does not leave the next diagnostic's span pointing at the wrong text.
/// </summary>
internal static class DocumentFixAll
{
    private const string Kind = "folint.fixall";

    public static FixAllProvider Create(DiagnosticRewrite rewrite) =>
        FixAllProvider.Create(
            async (context, document, diagnostics) =>
            {
                var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                return root is null ? document : document.WithSyntaxRoot(RewriteAll(root, diagnostics, rewrite));
            },
            ImmutableArray.Create(FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution));

    /// <summary>The node a location names (the innermost one spanning it exactly, as a code fix provider sees it).</summary>
    public static SyntaxNode? NodeAt(SyntaxNode root, Location location) =>
        location.IsInSource && root.FullSpan.Contains(location.SourceSpan) ? root.FindNode(location.SourceSpan, getInnermostNodeForTie: true) : null;

    public static SyntaxNode RewriteAll(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics, DiagnosticRewrite rewrite)
    {
        var annotations = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
        var count = 0;
        var plans = new List<(Diagnostic Diagnostic, SyntaxAnnotation Primary, List<SyntaxAnnotation?> Additional)>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (NodeAt(root, diagnostic.Location) is not { } primary)
                continue;
            var primaryAnnotation = Annotate(primary);
            var additional = diagnostic.AdditionalLocations.Select(l => NodeAt(root, l) is { } node ? Annotate(node) : null).ToList();
            plans.Add((diagnostic, primaryAnnotation, additional));
        }
        root = root.ReplaceNodes(annotations.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(annotations[original]));

        foreach (var (diagnostic, primaryAnnotation, additional) in plans)
        {
            if (root.GetAnnotatedNodes(primaryAnnotation).FirstOrDefault() is not { } primary)
                continue;
            var others = additional.Select(a => a is null ? null : root.GetAnnotatedNodes(a).FirstOrDefault()).ToList();
            root = rewrite(root, primary, others, diagnostic) ?? root;
        }
        return root;

        SyntaxAnnotation Annotate(SyntaxNode node)
        {
            var annotation = new SyntaxAnnotation(Kind, (count++).ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!annotations.TryGetValue(node, out var list))
                annotations[node] = list = new List<SyntaxAnnotation>();
            list.Add(annotation);
            return annotation;
        }
    }
}
