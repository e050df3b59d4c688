using System;
using System.Collections.Generic;
using System.Globalization;

namespace Folint.Analyzer.Rules.Layout;

/// <summary>
/// Evaluates the condition a struct member sits under (<see cref="Model.FieldDef.Condition"/>) for one kernel
/// configuration: <c>CONFIG_MEMCG</c>, <c>!CONFIG_64BIT</c>, <c>defined(X) &amp;&amp; !defined(Y)</c>,
/// <c>IS_ENABLED(CONFIG_X)</c>, integer comparisons. As in cpp, a name that is not defined is 0.
/// </summary>
public static class PreprocessorCondition
{
    /// <summary>The value of <paramref name="condition"/>; null when it is not an expression cpp would accept.</summary>
    /// <param name="defined">Defined macros and their values (1 for a plain CONFIG_ symbol set to y).</param>
    public static bool? Evaluate(string? condition, IReadOnlyDictionary<string, long> defined)
    {
        if (condition is null || condition.Trim().Length == 0)
            return true;
        var parser = new Parser(Tokenize(condition), defined);
        try
        {
            var value = parser.Conditional();
            return parser.AtEnd ? value != 0 : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The value of an integer constant expression such as an array size (<c>4</c>, <c>2 * NR_X</c>); null when it
    /// names anything <paramref name="constants"/> does not define, or is not an expression.
    /// </summary>
    public static long? EvaluateInteger(string text, IReadOnlyDictionary<string, long> constants)
    {
        if (text.Trim().Length == 0)
            return null;
        var parser = new Parser(Tokenize(text), constants) { Strict = true };
        try
        {
            var value = parser.Conditional();
            return parser.AtEnd ? value : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var ch = text[i];
            if (char.IsWhiteSpace(ch))
            {
                i++;
                continue;
            }
            var start = i;
            if (ch == '_' || char.IsLetter(ch))
            {
                while (i < text.Length && (text[i] == '_' || char.IsLetterOrDigit(text[i])))
                    i++;
            }
            else if (char.IsDigit(ch))
            {
                while (i < text.Length && char.IsLetterOrDigit(text[i]))
                    i++;
            }
            else if (i + 1 < text.Length && IsTwoCharOperator(text.Substring(i, 2)))
            {
                i += 2;
            }
            else
            {
                i++;
            }
            tokens.Add(text.Substring(start, i - start));
        }
        return tokens;
    }

    private static bool IsTwoCharOperator(string op) => op is "&&" or "||" or "==" or "!=" or "<=" or ">=" or "<<" or ">>";

    private sealed class Parser
    {
        private readonly List<string> _tokens;
        private readonly IReadOnlyDictionary<string, long> _defined;
        private int _at;

        public Parser(List<string> tokens, IReadOnlyDictionary<string, long> defined)
        {
            _tokens = tokens;
            _defined = defined;
        }

        /// <summary>An unknown name is an error instead of 0 (array sizes must be known).</summary>
        public bool Strict { get; init; }

        public bool AtEnd => _at == _tokens.Count;

        private string? Peek => _at < _tokens.Count ? _tokens[_at] : null;

        private bool Accept(string token)
        {
            if (Peek != token)
                return false;
            _at++;
            return true;
        }

        private string Next() => _at < _tokens.Count ? _tokens[_at++] : throw new FormatException("unexpected end");

        public long Conditional()
        {
            var condition = Binary(0);
            if (!Accept("?"))
                return condition;
            var whenTrue = Conditional();
            if (!Accept(":"))
                throw new FormatException("':' expected");
            var whenFalse = Conditional();
            return condition != 0 ? whenTrue : whenFalse;
        }

        private static readonly string[][] Levels =
        {
            new[] { "||" }, new[] { "&&" }, new[] { "|" }, new[] { "^" }, new[] { "&" },
            new[] { "==", "!=" }, new[] { "<", ">", "<=", ">=" }, new[] { "<<", ">>" },
            new[] { "+", "-" }, new[] { "*", "/", "%" },
        };

        private long Binary(int level)
        {
            if (level == Levels.Length)
                return Unary();
            var left = Binary(level + 1);
            while (Peek is { } op && Array.IndexOf(Levels[level], op) >= 0)
            {
                _at++;
                var right = Binary(level + 1);
                left = Apply(op, left, right);
            }
            return left;
        }

        private static long Apply(string op, long left, long right) => op switch
        {
            "||" => left != 0 || right != 0 ? 1 : 0,
            "&&" => left != 0 && right != 0 ? 1 : 0,
            "|" => left | right,
            "^" => left ^ right,
            "&" => left & right,
            "==" => left == right ? 1 : 0,
            "!=" => left != right ? 1 : 0,
            "<" => left < right ? 1 : 0,
            ">" => left > right ? 1 : 0,
            "<=" => left <= right ? 1 : 0,
            ">=" => left >= right ? 1 : 0,
            "<<" => left << (int)right,
            ">>" => left >> (int)right,
            "+" => left + right,
            "-" => left - right,
            "*" => left * right,
            "/" => right == 0 ? throw new FormatException("division by zero") : left / right,
            "%" => right == 0 ? throw new FormatException("division by zero") : left % right,
            _ => throw new FormatException("unknown operator " + op),
        };

        private long Unary()
        {
            if (Accept("!"))
                return Unary() == 0 ? 1 : 0;
            if (Accept("-"))
                return -Unary();
            if (Accept("+"))
                return Unary();
            if (Accept("~"))
                return ~Unary();
            return Primary();
        }

        private long Primary()
        {
            var token = Next();
            if (token == "(")
            {
                var inner = Conditional();
                if (!Accept(")"))
                    throw new FormatException("')' expected");
                return inner;
            }
            if (token == "defined")
                return IsDefined(Parenthesized(optional: true)) ? 1 : 0;
            if (char.IsDigit(token[0]))
                return Number(token);
            if (token == "sizeof")
                throw new FormatException("sizeof is not evaluated");
            if (!(token[0] == '_' || char.IsLetter(token[0])))
                throw new FormatException("unexpected " + token);
            if (Strict && !_defined.ContainsKey(token))
                throw new FormatException("unknown name " + token);
            if (Peek == "(")
            {
                // IS_ENABLED(CONFIG_X) and its kin ask whether the option is set; any other function-like macro
                // is unknown here and, like an undefined name, counts as 0.
                var argument = Parenthesized(optional: false);
                return token is "IS_ENABLED" or "IS_BUILTIN" or "IS_REACHABLE" && IsDefined(argument) ? 1 : 0;
            }
            return _defined.TryGetValue(token, out var value) ? value : 0;
        }

        /// <summary>The single name in <c>(NAME)</c>, or the bare NAME after <c>defined</c>; any other argument text is skipped.</summary>
        private string Parenthesized(bool optional)
        {
            if (!Accept("("))
                return optional ? Next() : throw new FormatException("'(' expected");
            var depth = 1;
            var first = Peek ?? "";
            while (depth > 0)
            {
                var token = Next();
                if (token == "(")
                    depth++;
                else if (token == ")")
                    depth--;
            }
            return first;
        }

        private bool IsDefined(string name) => _defined.ContainsKey(name);

        private static long Number(string token)
        {
            var text = token.TrimEnd('u', 'U', 'l', 'L');
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                return long.TryParse(text.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex : throw new FormatException(token);
            if (text.Length > 1 && text[0] == '0')
                return Convert.ToInt64(text, 8);
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException(token);
        }
    }
}
