using System.Collections.Immutable;
using System.Composition;
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

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
            return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(NonAtomicFlagAccessorAnalyzer.AtomicCounterpartProperty, out var atomic) || atomic is null)
                continue;
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node)
                continue;
            var invocation = node as InvocationExpressionSyntax ?? node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            var name = invocation?.Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name,
                SimpleNameSyntax simple => simple,
                _ => null,
            };
            if (name is null)
                continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use the atomic accessor {atomic}()",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(name, SyntaxFactory.IdentifierName(atomic).WithTriviaFrom(name)))),
                    EquivalenceKey),
                diagnostic);
        }
    }
}
