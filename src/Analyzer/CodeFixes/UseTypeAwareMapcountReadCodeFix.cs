using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Folint.Analyzer.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Folint.Analyzer.CodeFixes;

/// <summary>
/// FOL003: replace "raw read + 1, clamped at 0" with the type-aware read (page_mapcount() since the seed-004
/// fix), which reads only page types as 0. Offered when the clamped value is exactly the raw read plus one, the
/// kernel's offset, either inline or through a local initialised so and not otherwise assigned.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseTypeAwareMapcountReadCodeFix))]
[Shared]
public sealed class UseTypeAwareMapcountReadCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "FOL003.UseTypeAwareRead";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(MapcountClampAnalyzer.Id);

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
            return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(MapcountClampAnalyzer.TypeAwareReadProperty, out var typeAware) || typeAware is null)
                continue;
            if (diagnostic.AdditionalLocations.Count == 0)
                continue;
            var clamp = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not { } readNode)
                continue;
            var read = readNode as InvocationExpressionSyntax ?? readNode.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (read?.Expression is not MemberAccessExpressionSyntax access)
                continue;
            var replacement = SyntaxFactory.InvocationExpression(access.WithName(SyntaxFactory.IdentifierName(typeAware)));
            var newRoot = Rewrite(root, clamp, read, replacement);
            if (newRoot is null)
                continue;
            context.RegisterCodeFix(
                CodeAction.Create($"Read the mapcount with {typeAware}(), which reads only page types as 0", _ => Task.FromResult(context.Document.WithSyntaxRoot(newRoot)), EquivalenceKey),
                diagnostic);
        }
    }

    private static SyntaxNode? Rewrite(SyntaxNode root, SyntaxNode clamp, InvocationExpressionSyntax read, ExpressionSyntax typeAware)
    {
        var clamped = ClampedValue(clamp);
        if (clamped is null)
            return null;

        // max(raw + 1, 0) and raw + 1 < 0 ? 0 : raw + 1: the whole clamp becomes the type-aware read.
        if (IsReadPlusOne(clamped, read) && clamp is ExpressionSyntax clampExpression)
            return root.ReplaceNode(clampExpression, typeAware.WithTriviaFrom(clampExpression));

        // int m = raw + 1; ... clamp of m: m is initialised with the type-aware read and the clamp goes.
        if (clamped is not IdentifierNameSyntax variable)
            return null;
        var body = clamp.FirstAncestorOrSelf<BlockSyntax>();
        var declarator = body?.DescendantNodes().OfType<VariableDeclaratorSyntax>().FirstOrDefault(d => d.Identifier.ValueText == variable.Identifier.ValueText);
        if (declarator?.Initializer is null || !IsReadPlusOne(declarator.Initializer.Value, read))
            return null;
        var otherAssignments = body!.DescendantNodes().OfType<AssignmentExpressionSyntax>()
            .Count(a => a.Left is IdentifierNameSyntax id && id.Identifier.ValueText == variable.Identifier.ValueText && !clamp.Contains(a));
        if (otherAssignments > 0)
            return null;

        var tracked = root.TrackNodes(clamp, declarator.Initializer.Value);
        tracked = tracked.ReplaceNode(tracked.GetCurrentNode(declarator.Initializer.Value)!, typeAware.WithTriviaFrom(declarator.Initializer.Value));
        var currentClamp = tracked.GetCurrentNode(clamp)!;
        return currentClamp is StatementSyntax statement
            ? tracked.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia)
            : tracked.ReplaceNode(currentClamp, SyntaxFactory.IdentifierName(variable.Identifier.ValueText).WithTriviaFrom(currentClamp));
    }

    /// <summary>The value a clamp clamps: m in if (m &lt; 0) m = 0, in m &lt; 0 ? 0 : m, in Math.Max(m, 0).</summary>
    private static ExpressionSyntax? ClampedValue(SyntaxNode clamp) => clamp switch
    {
        IfStatementSyntax { Condition: BinaryExpressionSyntax condition } => condition.Left,
        ConditionalExpressionSyntax { Condition: BinaryExpressionSyntax condition } => condition.Left,
        InvocationExpressionSyntax invocation => invocation.ArgumentList.Arguments.Select(a => a.Expression).FirstOrDefault(e => !e.IsKind(SyntaxKind.NumericLiteralExpression)),
        _ => null,
    };

    private static bool IsReadPlusOne(ExpressionSyntax e, InvocationExpressionSyntax read)
    {
        while (e is ParenthesizedExpressionSyntax p)
            e = p.Expression;
        return e is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add
            && (add.Left.IsEquivalentTo(read) && IsOne(add.Right) || add.Right.IsEquivalentTo(read) && IsOne(add.Left));
    }

    private static bool IsOne(ExpressionSyntax e) => e is LiteralExpressionSyntax { Token.ValueText: "1" };
}
