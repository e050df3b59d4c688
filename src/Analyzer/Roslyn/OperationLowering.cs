using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using Folint.Analyzer.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using LoopKind = Folint.Analyzer.Model.LoopKind;

namespace Folint.Analyzer.Roslyn;

/// <summary>
/// A C# body lowered to the language-neutral body model, with the operation every node came from so that a
/// rule's answer (a model node) maps back to a Roslyn location and symbol. Spans are the syntax tree's character
/// positions: they are only ever mapped back through the same tree.
/// </summary>
internal sealed class LoweredBody
{
    private readonly Dictionary<Node, IOperation> _origins;

    public LoweredBody(BlockStmt body, Dictionary<Node, IOperation> origins)
    {
        Body = body;
        _origins = origins;
    }

    public BlockStmt Body { get; }

    public IOperation? OriginOf(Node node) => _origins.TryGetValue(node, out var op) ? op : null;
}

/// <summary>
/// Lowers IOperation trees to the body model the shared shapes read (Model/Shapes). What has no counterpart in the
/// model becomes OpaqueExpr/OpaqueStmt with its children, as the C frontend does.
/// </summary>
internal static class OperationLowering
{
    public static LoweredBody Lower(IBlockOperation body)
    {
        var lowering = new Lowerer();
        var block = (BlockStmt)lowering.Statement(body);
        return new LoweredBody(block, lowering.Origins);
    }

    private sealed class Lowerer
    {
        public Dictionary<Node, IOperation> Origins { get; } = new(NodeIdentity.Instance);

        private T Remember<T>(T node, IOperation origin)
            where T : Node
        {
            Origins[node] = origin;
            return node;
        }

        private static TextSpan SpanOf(IOperation op) => new(op.Syntax.Span.Start, op.Syntax.Span.End);

        public Stmt Statement(IOperation op)
        {
            var span = SpanOf(op);
            switch (op)
            {
                case IBlockOperation block:
                    return Remember(new BlockStmt(span, block.Operations.Select(Statement).ToImmutableArray()), op);
                case IVariableDeclarationGroupOperation group:
                    return Remember(new DeclStmt(span, group.Declarations.SelectMany(d => d.Declarators).Select(Local).ToImmutableArray()), op);
                case IExpressionStatementOperation { Operation: IThrowOperation thrown }:
                    return Remember(new ThrowStmt(span, thrown.Exception is null ? null : Expression(thrown.Exception)), op);
                case IExpressionStatementOperation statement:
                    return Remember(new ExprStmt(span, Expression(statement.Operation)), op);
                case IThrowOperation thrown:
                    return Remember(new ThrowStmt(span, thrown.Exception is null ? null : Expression(thrown.Exception)), op);
                case IConditionalOperation conditional:
                    return Remember(new IfStmt(span, Expression(conditional.Condition), Statement(conditional.WhenTrue), conditional.WhenFalse is null ? null : Statement(conditional.WhenFalse)), op);
                case IWhileLoopOperation loop:
                    return Remember(new LoopStmt(span, loop.ConditionIsTop ? LoopKind.While : LoopKind.DoWhile, null, loop.Condition is null ? null : Expression(loop.Condition), null, Statement(loop.Body)), op);
                case IForLoopOperation loop:
                    return Remember(new LoopStmt(
                        span,
                        LoopKind.For,
                        loop.Before.Length == 0 ? null : loop.Before.Length == 1 ? Statement(loop.Before[0]) : new BlockStmt(span, loop.Before.Select(Statement).ToImmutableArray()),
                        loop.Condition is null ? null : Expression(loop.Condition),
                        Sequence(loop.AtLoopBottom),
                        Statement(loop.Body)), op);
                case IForEachLoopOperation loop:
                    return Remember(new LoopStmt(
                        span,
                        LoopKind.IteratorMacro,
                        new DeclStmt(SpanOf(loop.LoopControlVariable), loop.Locals.Select(l => new LocalDecl(SpanOf(loop.LoopControlVariable), l.Name, TypeOf(l.Type), null, false)).ToImmutableArray()),
                        null,
                        null,
                        Statement(loop.Body),
                        "foreach",
                        ImmutableArray.Create(Expression(loop.Collection))), op);
                case IReturnOperation { Kind: OperationKind.Return } ret:
                    return Remember(new ReturnStmt(span, ret.ReturnedValue is null ? null : Expression(ret.ReturnedValue)), op);
                case IBranchOperation branch:
                    return Remember(new JumpStmt(span, branch.BranchKind switch
                    {
                        BranchKind.Break => JumpKind.Break,
                        BranchKind.Continue => JumpKind.Continue,
                        _ => JumpKind.Goto,
                    }, branch.BranchKind == BranchKind.GoTo ? branch.Target.Name : null), op);
                case ILabeledOperation labeled:
                    return Remember(new LabelStmt(span, labeled.Label.Name, labeled.Operation is null ? null : Statement(labeled.Operation)), op);
                case ISwitchOperation sw:
                    var cases = sw.Cases.Select(c => (Stmt)Remember(new CaseStmt(
                        SpanOf(c),
                        c.Clauses.OfType<ISingleValueCaseClauseOperation>().Select(v => Expression(v.Value)).FirstOrDefault(),
                        c.Body.Select(Statement).ToImmutableArray()), c)).ToImmutableArray();
                    return Remember(new SwitchStmt(span, Expression(sw.Value), new BlockStmt(span, cases)), op);
                case IEmptyOperation:
                    return Remember(new BlockStmt(span, ImmutableArray<Stmt>.Empty), op);
                case ILocalFunctionOperation:
                    // A local function is a body of its own, analysed where it is called (FlowBodies).
                    return Remember(new OpaqueStmt(span, "local function", ImmutableArray<Node>.Empty), op);
                default:
                    return Remember(new OpaqueStmt(span, op.Kind.ToString(), op.ChildOperations.Select(Child).ToImmutableArray()), op);
            }
        }

        private Node Child(IOperation op) => IsStatement(op) ? Statement(op) : Expression(op);

        private static bool IsStatement(IOperation op) => op is IBlockOperation or IVariableDeclarationGroupOperation or IExpressionStatementOperation
            or ILoopOperation or IReturnOperation or IBranchOperation or ILabeledOperation or ISwitchOperation or IEmptyOperation
            or IConditionalOperation { Type: null } or IUsingOperation or ILockOperation or ITryOperation or ILocalFunctionOperation;

        private LocalDecl Local(IVariableDeclaratorOperation declarator)
        {
            var initializer = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
            return Remember(new LocalDecl(SpanOf(declarator), declarator.Symbol.Name, TypeOf(declarator.Symbol.Type), initializer is null ? null : Expression(initializer), declarator.Symbol.IsStatic), declarator);
        }

        private static TypeRef TypeOf(ITypeSymbol? type) => type is null ? TypeRef.Unknown : new TypeRef(type.ToDisplayString());

        private Expr? Sequence(ImmutableArray<IOperation> operations)
        {
            Expr? result = null;
            foreach (var op in operations)
            {
                var e = Expression(op is IExpressionStatementOperation s ? s.Operation : op);
                result = result is null ? e : new BinaryExpr(new TextSpan(result.Span.Start, e.Span.End), BinaryOperator.Comma, result, e);
            }
            return result;
        }

        public Expr Expression(IOperation op)
        {
            var span = SpanOf(op);
            switch (op)
            {
                case IConversionOperation { IsImplicit: true } implicitConversion:
                    return Expression(implicitConversion.Operand);
                case IConversionOperation conversion:
                    return Remember(new CastExpr(span, TypeOf(conversion.Type), Expression(conversion.Operand)), op);
                case IParenthesizedOperation parenthesized:
                    return Expression(parenthesized.Operand);
                case ILiteralOperation { ConstantValue.HasValue: true } literal:
                    return Remember(Literal(span, literal.ConstantValue.Value), op);
                case ILocalReferenceOperation local:
                    return Remember(new NameExpr(span, local.Local.Name), op);
                case IParameterReferenceOperation parameter:
                    return Remember(new NameExpr(span, parameter.Parameter.Name), op);
                case IInstanceReferenceOperation:
                    return Remember(new NameExpr(span, "this"), op);
                case IFieldReferenceOperation field:
                    return Remember(new MemberExpr(span, Receiver(field.Instance, field.Field.ContainingType, span), field.Field.Name, false), op);
                case IPropertyReferenceOperation property when property.Arguments.Length == 0:
                    return Remember(new MemberExpr(span, Receiver(property.Instance, property.Property.ContainingType, span), property.Property.Name, false), op);
                case IPropertyReferenceOperation indexer:
                    return Remember(new IndexExpr(span, Receiver(indexer.Instance, indexer.Property.ContainingType, span), Expression(indexer.Arguments[0].Value)), op);
                case IArrayElementReferenceOperation element when element.Indices.Length == 1:
                    return Remember(new IndexExpr(span, Expression(element.ArrayReference), Expression(element.Indices[0])), op);
                case IInvocationOperation call:
                    var callee = call.Instance is not null and not IInstanceReferenceOperation { IsImplicit: true }
                        ? new MemberExpr(span, Expression(call.Instance), call.TargetMethod.Name, false)
                        : StaticCallee(call, span);
                    return Remember(new CallExpr(span, callee, call.Arguments.Select(a => Expression(a.Value)).ToImmutableArray()), op);
                case IIncrementOrDecrementOperation step:
                    return Remember(new UnaryExpr(span, step.Kind == OperationKind.Increment ? UnaryOperator.Increment : UnaryOperator.Decrement, Expression(step.Target), step.IsPostfix), op);
                case IUnaryOperation unary when Unary(unary.OperatorKind) is { } unaryOperator:
                    return Remember(new UnaryExpr(span, unaryOperator, Expression(unary.Operand), false), op);
                case IBinaryOperation binary when Binary(binary.OperatorKind) is { } binaryOperator:
                    return Remember(new BinaryExpr(span, binaryOperator, Expression(binary.LeftOperand), Expression(binary.RightOperand)), op);
                case ISimpleAssignmentOperation assign:
                    return Remember(new AssignExpr(span, AssignOperator.Assign, Expression(assign.Target), Expression(assign.Value)), op);
                case ICompoundAssignmentOperation compound when Binary(compound.OperatorKind) is { } applied && Operators.Compound(applied) is { } compoundOperator:
                    return Remember(new AssignExpr(span, compoundOperator, Expression(compound.Target), Expression(compound.Value)), op);
                case IConditionalOperation { WhenFalse: not null } conditional:
                    return Remember(new ConditionalExpr(span, Expression(conditional.Condition), Expression(conditional.WhenTrue), Expression(conditional.WhenFalse)), op);
                case IAnonymousFunctionOperation:
                    // A lambda is a body of its own (FlowBodies): it runs where it is invoked, not where it is written.
                    return Remember(new OpaqueExpr(span, "lambda", ImmutableArray<Expr>.Empty), op);
                case IDelegateCreationOperation delegateCreation:
                    return Expression(delegateCreation.Target);
                case IIsPatternOperation isPattern:
                    return Remember(Pattern(span, Expression(isPattern.Value), isPattern.Pattern), op);
                case ISwitchExpressionOperation switchExpression:
                    return Remember(Switch(span, switchExpression), op);
                default:
                    var children = op.ChildOperations.Select(c => IsStatement(c) ? new StatementExpr(SpanOf(c), Statement(c) as BlockStmt ?? new BlockStmt(SpanOf(c), ImmutableArray.Create(Statement(c)))) : Expression(c));
                    return Remember(new OpaqueExpr(span, op.Syntax.ToString(), children.ToImmutableArray()), op);
            }
        }

        /// <summary>
        /// <c>x is &lt; 0</c> as <c>x &lt; 0</c>, <c>x is 0</c> as <c>x == 0</c>, <c>x is not 0</c> as <c>x != 0</c>,
        /// <c>and</c>/<c>or</c> patterns as <c>&amp;&amp;</c>/<c>||</c>: the shapes know the comparisons.
        /// </summary>
        private Expr Pattern(TextSpan span, Expr value, IPatternOperation pattern)
        {
            switch (pattern)
            {
                case IConstantPatternOperation constant:
                    return new BinaryExpr(span, BinaryOperator.Equal, value, Expression(constant.Value));
                case IRelationalPatternOperation relational when Binary(relational.OperatorKind) is { } relationalOperator:
                    return new BinaryExpr(span, relationalOperator, value, Expression(relational.Value));
                case INegatedPatternOperation { Pattern: IConstantPatternOperation constant }:
                    return new BinaryExpr(span, BinaryOperator.NotEqual, value, Expression(constant.Value));
                case INegatedPatternOperation negated:
                    return new UnaryExpr(span, UnaryOperator.Not, Pattern(span, value, negated.Pattern), false);
                case IBinaryPatternOperation binary:
                    return new BinaryExpr(span, binary.OperatorKind == BinaryOperatorKind.Or ? BinaryOperator.LogicalOr : BinaryOperator.LogicalAnd, Pattern(span, value, binary.LeftPattern), Pattern(span, value, binary.RightPattern));
                case IDiscardPatternOperation:
                case IDeclarationPatternOperation { MatchesNull: true }:
                    return new NameExpr(span, "true");
                default:
                    return new OpaqueExpr(span, pattern.Syntax.ToString(), ImmutableArray.Create(value));
            }
        }

        /// <summary>
        /// <c>x switch { &lt; 0 =&gt; 0, _ =&gt; x }</c> as <c>x &lt; 0 ? 0 : x</c>: each arm a conditional over the ones after it;
        /// an arm that throws, or the end without a discard arm, stays opaque.
        /// </summary>
        private Expr Switch(TextSpan span, ISwitchExpressionOperation switchExpression)
        {
            var value = Expression(switchExpression.Value);
            Expr rest = new OpaqueExpr(span, "no arm matched", ImmutableArray<Expr>.Empty);
            for (var i = switchExpression.Arms.Length - 1; i >= 0; i--)
            {
                var arm = switchExpression.Arms[i];
                var result = arm.Value is IThrowOperation thrown
                    ? new OpaqueExpr(SpanOf(arm.Value), "throw", thrown.Exception is null ? ImmutableArray<Expr>.Empty : ImmutableArray.Create(Expression(thrown.Exception)))
                    : Expression(arm.Value);
                var test = Pattern(SpanOf(arm), value, arm.Pattern);
                if (arm.Guard is not null)
                    test = new BinaryExpr(SpanOf(arm), BinaryOperator.LogicalAnd, test, Expression(arm.Guard));
                rest = test is NameExpr { Identifier: "true" } ? result : new ConditionalExpr(SpanOf(arm), test, result, rest);
            }
            return rest;
        }

        private Expr StaticCallee(IInvocationOperation call, TextSpan span) =>
            call.TargetMethod.IsStatic && call.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax }
                ? new MemberExpr(span, new NameExpr(span, call.TargetMethod.ContainingType.Name), call.TargetMethod.Name, false)
                : new NameExpr(span, call.TargetMethod.Name);

        private Expr Receiver(IOperation? instance, INamedTypeSymbol containingType, TextSpan span) =>
            instance is null ? new NameExpr(span, containingType.Name) : Expression(instance);

        private static Expr Literal(TextSpan span, object? value) => value switch
        {
            null => new NameExpr(span, "null"),
            bool b => new NameExpr(span, b ? "true" : "false"),
            string s => new LiteralExpr(span, s, LiteralKind.String),
            char c => new LiteralExpr(span, c.ToString(), LiteralKind.Char),
            _ => new LiteralExpr(span, System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", LiteralKind.Number),
        };

        // C# operator kinds as the body model's operators, the ones C spells the same way.
        private static UnaryOperator? Unary(UnaryOperatorKind kind) => kind switch
        {
            UnaryOperatorKind.Not => UnaryOperator.Not,
            UnaryOperatorKind.BitwiseNegation => UnaryOperator.Complement,
            UnaryOperatorKind.Minus => UnaryOperator.Negate,
            UnaryOperatorKind.Plus => UnaryOperator.Plus,
            _ => null,
        };

        private static BinaryOperator? Binary(BinaryOperatorKind kind) => kind switch
        {
            BinaryOperatorKind.Add => BinaryOperator.Add,
            BinaryOperatorKind.Subtract => BinaryOperator.Subtract,
            BinaryOperatorKind.Multiply => BinaryOperator.Multiply,
            BinaryOperatorKind.Divide => BinaryOperator.Divide,
            BinaryOperatorKind.Remainder => BinaryOperator.Remainder,
            BinaryOperatorKind.LeftShift => BinaryOperator.ShiftLeft,
            BinaryOperatorKind.RightShift => BinaryOperator.ShiftRight,
            BinaryOperatorKind.And => BinaryOperator.BitwiseAnd,
            BinaryOperatorKind.Or => BinaryOperator.BitwiseOr,
            BinaryOperatorKind.ExclusiveOr => BinaryOperator.ExclusiveOr,
            BinaryOperatorKind.ConditionalAnd => BinaryOperator.LogicalAnd,
            BinaryOperatorKind.ConditionalOr => BinaryOperator.LogicalOr,
            BinaryOperatorKind.Equals => BinaryOperator.Equal,
            BinaryOperatorKind.NotEquals => BinaryOperator.NotEqual,
            BinaryOperatorKind.LessThan => BinaryOperator.Less,
            BinaryOperatorKind.LessThanOrEqual => BinaryOperator.LessOrEqual,
            BinaryOperatorKind.GreaterThan => BinaryOperator.Greater,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOperator.GreaterOrEqual,
            _ => null,
        };
    }

}
