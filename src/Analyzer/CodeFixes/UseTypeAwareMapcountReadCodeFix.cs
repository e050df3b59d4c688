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

/// <summary>
/// FOL003: read the mapcount type-aware and drop the clamp to 0 (seed 004: only page types read as 0, an underflow
/// stays negative for the zap paths to report). A raw read plus one, inline or through a local initialised so,
/// becomes the type-aware read (page_mapcount()); a read that is type-aware already just loses its clamp. Other
/// bounds stay: Math.Clamp(mapcount, 0, widest) becomes Math.Min(mapcount, widest).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseTypeAwareMapcountReadCodeFix))]
[Shared]
public sealed class UseTypeAwareMapcountReadCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "FOL003.UseTypeAwareRead";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(MapcountClampAnalyzer.Id);

    public override FixAllProvider GetFixAllProvider() => DocumentFixAll.Create(Rewrite);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
            return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (DocumentFixAll.NodeAt(root, diagnostic.Location) is not { } clamp)
                continue;
            var additional = diagnostic.AdditionalLocations.Select(l => DocumentFixAll.NodeAt(root, l)).ToList();
            if (Rewrite(root, clamp, additional, diagnostic) is not { } fixedRoot)
                continue;
            var title = diagnostic.Properties.TryGetValue(MapcountClampAnalyzer.TypeAwareReadProperty, out var typeAware) && typeAware is not null
                ? $"Read the mapcount with {typeAware}(), which reads only page types as 0"
                : "Drop the clamp: the type-aware read already reads only page types as 0";
            context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(fixedRoot)), EquivalenceKey), diagnostic);
        }
    }

    private static SyntaxNode? Rewrite(SyntaxNode root, SyntaxNode primary, IReadOnlyList<SyntaxNode?> additional, Diagnostic diagnostic)
    {
        var clamp = primary.AncestorsAndSelf().FirstOrDefault(n => n is IfStatementSyntax or ConditionalExpressionSyntax or SwitchExpressionSyntax or InvocationExpressionSyntax);
        var read = additional.Count > 0 ? additional[0]?.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault() : null;
        if (clamp is null || read is null || ClampedValue(clamp) is not { } value)
            return null;

        ExpressionSyntax? replacement = null;
        if (diagnostic.Properties.TryGetValue(MapcountClampAnalyzer.TypeAwareReadProperty, out var typeAware) && typeAware is not null)
        {
            if (read.Expression is not MemberAccessExpressionSyntax access)
                return null;
            replacement = SyntaxFactory.InvocationExpression(access.WithName(SyntaxFactory.IdentifierName(typeAware)));
        }
        else if (!diagnostic.Properties.ContainsKey(MapcountClampAnalyzer.ReadIsTypeAwareProperty))
        {
            return null;
        }

        // The clamped value itself: raw + 1 inline becomes the type-aware read; a type-aware read stays.
        if (replacement is not null ? IsReadPlusOne(value, read) : Strip(value).IsEquivalentTo(read))
            return Collapse(root, clamp, replacement ?? Strip(value));

        // A local: its initializer is raw + 1 (or the type-aware read) and nothing else assigns it.
        if (Strip(value) is not IdentifierNameSyntax variable || clamp.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } member)
            return null;
        var name = variable.Identifier.ValueText;
        var declarator = member.DescendantNodes().OfType<VariableDeclaratorSyntax>().FirstOrDefault(d => d.Identifier.ValueText == name);
        if (declarator?.Initializer is not { } initializer || !(replacement is not null ? IsReadPlusOne(initializer.Value, read) : Strip(initializer.Value).IsEquivalentTo(read)))
            return null;
        var otherWrites = member.DescendantNodes().Count(n => Writes(n, name) && !clamp.Contains(n));
        if (otherWrites > 0)
            return null;

        var tracked = root.TrackNodes(clamp, initializer.Value);
        if (replacement is not null)
            tracked = tracked.ReplaceNode(tracked.GetCurrentNode(initializer.Value)!, replacement.WithTriviaFrom(initializer.Value));
        return Collapse(tracked, tracked.GetCurrentNode(clamp)!, SyntaxFactory.IdentifierName(name));
    }

    /// <summary>The clamp without its floor: the statement goes, the expression becomes the value (Math.Min where an upper bound stays).</summary>
    private static SyntaxNode? Collapse(SyntaxNode root, SyntaxNode clamp, ExpressionSyntax value)
    {
        switch (clamp)
        {
            case IfStatementSyntax statement when statement.Parent is BlockSyntax:
                return root.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
            case IfStatementSyntax:
                return null;
            case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 3 } clampCall when clampCall.Expression is MemberAccessExpressionSyntax access:
                var upper = clampCall.ArgumentList.Arguments[2];
                var min = clampCall
                    .WithExpression(access.WithName(SyntaxFactory.IdentifierName("Min")))
                    .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(value.WithoutTrivia()), upper.WithoutLeadingTrivia() }, new[] { clampCall.ArgumentList.Arguments.GetSeparator(0) })));
                return root.ReplaceNode(clamp, min.WithTriviaFrom(clamp));
            case ExpressionSyntax expression:
                var replaced = NeedsParentheses(expression) ? (ExpressionSyntax)SyntaxFactory.ParenthesizedExpression(value.WithoutTrivia()) : value.WithoutTrivia();
                return root.ReplaceNode(clamp, replaced.WithTriviaFrom(clamp));
            default:
                return null;
        }
    }

    /// <summary>The value a clamp clamps: m in if (m &lt; 0) m = 0, in m &lt; 0 ? 0 : m, in m switch { &lt; 0 =&gt; 0, _ =&gt; m }, in Math.Max(m, 0) and Math.Clamp(m, 0, n).</summary>
    private static ExpressionSyntax? ClampedValue(SyntaxNode clamp) => clamp switch
    {
        IfStatementSyntax { Statement: var then } when Assignment(then) is { Left: IdentifierNameSyntax assigned } && IsZero(Assignment(then)!.Right) => assigned,
        ConditionalExpressionSyntax conditional when IsZero(conditional.WhenTrue) => conditional.WhenFalse,
        ConditionalExpressionSyntax conditional when IsZero(conditional.WhenFalse) => conditional.WhenTrue,
        SwitchExpressionSyntax { Arms.Count: 2 } switchExpression when IsZero(switchExpression.Arms[0].Expression) && switchExpression.Arms[1].Pattern is DiscardPatternSyntax => switchExpression.Arms[1].Expression,
        InvocationExpressionSyntax { ArgumentList.Arguments.Count: 2 } max when IsZero(max.ArgumentList.Arguments[1].Expression) => max.ArgumentList.Arguments[0].Expression,
        InvocationExpressionSyntax { ArgumentList.Arguments.Count: 2 } max when IsZero(max.ArgumentList.Arguments[0].Expression) => max.ArgumentList.Arguments[1].Expression,
        InvocationExpressionSyntax { ArgumentList.Arguments.Count: 3 } clampCall when IsZero(clampCall.ArgumentList.Arguments[1].Expression) => clampCall.ArgumentList.Arguments[0].Expression,
        _ => null,
    };

    private static AssignmentExpressionSyntax? Assignment(StatementSyntax statement) => statement switch
    {
        ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment } => assignment,
        BlockSyntax { Statements.Count: 1 } block => Assignment(block.Statements[0]),
        _ => null,
    };

    private static bool Writes(SyntaxNode node, string name) => node switch
    {
        AssignmentExpressionSyntax { Left: IdentifierNameSyntax id } => id.Identifier.ValueText == name,
        PrefixUnaryExpressionSyntax { Operand: IdentifierNameSyntax id } prefix => id.Identifier.ValueText == name && (prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression)),
        PostfixUnaryExpressionSyntax { Operand: IdentifierNameSyntax id } => id.Identifier.ValueText == name,
        ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: IdentifierNameSyntax id } => id.Identifier.ValueText == name,
        _ => false,
    };

    private static bool NeedsParentheses(ExpressionSyntax clamp) => clamp.Parent is BinaryExpressionSyntax or PrefixUnaryExpressionSyntax or CastExpressionSyntax;

    private static ExpressionSyntax Strip(ExpressionSyntax e)
    {
        while (e is ParenthesizedExpressionSyntax p)
            e = p.Expression;
        return e;
    }

    private static bool IsReadPlusOne(ExpressionSyntax e, InvocationExpressionSyntax read) =>
        Strip(e) is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add
        && (Strip(add.Left).IsEquivalentTo(read) && IsOne(add.Right) || Strip(add.Right).IsEquivalentTo(read) && IsOne(add.Left));

    private static bool IsOne(ExpressionSyntax e) => Strip(e) is LiteralExpressionSyntax { Token.ValueText: "1" };

    private static bool IsZero(ExpressionSyntax e) => Strip(e) is LiteralExpressionSyntax { Token.ValueText: "0" };
}
