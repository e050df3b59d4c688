using System.Linq;
using System.Text;

namespace Folint.Analyzer.Model;

/// <summary>
/// Prints an expression back as compact C (<c>page[1].flags</c>, <c>folio_page(folio, i)</c>) for messages
/// and fingerprint keys. Canonical spacing, so the text does not change with the source's whitespace.
/// </summary>
public static class ExprPrinter
{
    public static string Print(Expr expression)
    {
        var sb = new StringBuilder();
        Append(sb, expression, 0);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, Expr expression, int depth)
    {
        if (depth > 64)
        {
            sb.Append("...");
            return;
        }
        switch (expression)
        {
            case NameExpr name:
                sb.Append(name.Identifier);
                break;
            case LiteralExpr literal:
                sb.Append(literal.Text);
                break;
            case CallExpr call:
                Append(sb, call.Callee, depth + 1);
                sb.Append('(');
                for (var i = 0; i < call.Arguments.Length; i++)
                {
                    if (i > 0)
                        sb.Append(", ");
                    Append(sb, call.Arguments[i], depth + 1);
                }
                sb.Append(')');
                break;
            case MemberExpr member:
                AppendOperand(sb, member.Target, depth);
                sb.Append(member.IsArrow ? "->" : ".").Append(member.Member);
                break;
            case IndexExpr index:
                AppendOperand(sb, index.Target, depth);
                sb.Append('[');
                Append(sb, index.Index, depth + 1);
                sb.Append(']');
                break;
            case UnaryExpr unary when unary.IsPostfix:
                AppendOperand(sb, unary.Operand, depth);
                sb.Append(unary.Operator.Spelling());
                break;
            case UnaryExpr unary:
                sb.Append(unary.Operator.Spelling());
                AppendOperand(sb, unary.Operand, depth);
                break;
            case BinaryExpr binary:
                AppendOperand(sb, binary.Left, depth);
                sb.Append(binary.Operator == BinaryOperator.Comma ? ", " : " " + binary.Operator.Spelling() + " ");
                AppendOperand(sb, binary.Right, depth);
                break;
            case AssignExpr assign:
                Append(sb, assign.Target, depth + 1);
                sb.Append(' ').Append(assign.Operator.Spelling()).Append(' ');
                Append(sb, assign.Value, depth + 1);
                break;
            case ConditionalExpr conditional:
                AppendOperand(sb, conditional.Condition, depth);
                sb.Append(" ? ");
                AppendOperand(sb, conditional.WhenTrue, depth);
                sb.Append(" : ");
                AppendOperand(sb, conditional.WhenFalse, depth);
                break;
            case CastExpr cast:
                sb.Append('(').Append(cast.Type.Text).Append(')');
                AppendOperand(sb, cast.Operand, depth);
                break;
            case StatementExpr:
                sb.Append("({ ... })");
                break;
            case InitializerExpr initializer:
                sb.Append('{').Append(string.Join(", ", initializer.Items.Select(Print))).Append('}');
                break;
            case OpaqueExpr opaque:
                sb.Append(opaque.Text.Length <= 40 ? opaque.Text : opaque.Text.Substring(0, 40) + "...");
                break;
        }
    }

    private static void AppendOperand(StringBuilder sb, Expr operand, int depth)
    {
        var needsParentheses = operand is BinaryExpr or AssignExpr or ConditionalExpr or CastExpr;
        if (needsParentheses)
            sb.Append('(');
        Append(sb, operand, depth + 1);
        if (needsParentheses)
            sb.Append(')');
    }
}
