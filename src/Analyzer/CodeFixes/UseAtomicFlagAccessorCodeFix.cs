using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Folint.Analyzer.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Folint.Analyzer.CodeFixes;

/// <summary>FOL001: call the atomic accessor the non-atomic one names (__folio_set_partially_mapped() to folio_set_partially_mapped()).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseAtomicFlagAccessorCodeFix))]
[Shared]
public sealed class UseAtomicFlagAccessorCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "FOL001.UseAtomicAccessor";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(NonAtomicFlagAccessorAnalyzer.Id);

    public override FixAllProvider GetFixAllProvider() => DocumentFixAll.Create(Rewrite);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
            return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(NonAtomicFlagAccessorAnalyzer.AtomicCounterpartProperty, out var atomic) || atomic is null)
                continue;
            if (DocumentFixAll.NodeAt(root, diagnostic.Location) is not { } node || Rewrite(root, node, System.Array.Empty<SyntaxNode?>(), diagnostic) is not { } fixedRoot)
                continue;
            context.RegisterCodeFix(
                CodeAction.Create($"Use the atomic accessor {atomic}()", _ => Task.FromResult(context.Document.WithSyntaxRoot(fixedRoot)), EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>Renames the accessor the diagnostic points at; a diagnostic at a helper's call (not an accessor call) is left alone.</summary>
    private static SyntaxNode? Rewrite(SyntaxNode root, SyntaxNode primary, IReadOnlyList<SyntaxNode?> additional, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(NonAtomicFlagAccessorAnalyzer.AtomicCounterpartProperty, out var atomic) || atomic is null)
            return null;
        var invocation = primary.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
        SimpleNameSyntax? name = invocation?.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };
        return name is null ? null : root.ReplaceNode(name, SyntaxFactory.IdentifierName(atomic).WithTriviaFrom(name));
    }
}
