using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.CSource.Engine;

namespace Folint.Tests.Doubles;

/// <summary>
/// A test double of the C frontend for engine and CLI tests, until the tree-sitter frontend is wired: it
/// recognises kernel-style function definitions (a signature line at column 0, then "{" ... "}" at column 0)
/// and lowers each call in a body to an ExprStmt(CallExpr) with real byte spans. A body line holding
/// "/* parse-error */" marks the function as having parse errors; "FRONTEND-CRASH" anywhere makes Build throw.
/// </summary>
public sealed class LineFrontend : ISourceFrontend
{
    private static readonly Regex Signature = new(@"^(?:static\s+|inline\s+|__always_inline\s+)*[A-Za-z_][\w\s\*]*?\b([A-Za-z_]\w*)\s*\([^;]*\)\s*$", RegexOptions.Compiled);
    private static readonly Regex Call = new(@"\b([A-Za-z_]\w*)\s*\(", RegexOptions.Compiled);
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "if", "while", "for", "switch", "return", "sizeof" };

    private readonly ConcurrentDictionary<string, int> _builds = new(StringComparer.Ordinal);

    /// <summary>How often each path was built (the engine must parse a header asked for by many units once).</summary>
    public IReadOnlyDictionary<string, int> Builds => _builds;

    public ImmutableArray<string> GeneratorHeaders => ImmutableArray<string>.Empty;

    public SourceUnit Build(SourceFile file, CancellationToken cancellationToken)
    {
        _builds.AddOrUpdate(file.Path, 1, (_, n) => n + 1);
        var text = Encoding.Latin1.GetString(file.Content); // one char per byte: string offsets are byte offsets
        if (text.Contains("FRONTEND-CRASH", StringComparison.Ordinal))
            throw new InvalidOperationException("toy frontend crash");

        var lines = LineMap.FromBytes(file.Content);
        var functions = ImmutableArray.CreateBuilder<FunctionDef>();
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
                lineStarts.Add(i + 1);
        }
        string LineText(int index)
        {
            var start = lineStarts[index];
            var end = index + 1 < lineStarts.Count ? lineStarts[index + 1] - 1 : text.Length;
            return text.Substring(start, Math.Max(0, end - start));
        }

        for (var i = 0; i + 1 < lineStarts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var signature = Signature.Match(LineText(i));
            if (!signature.Success || LineText(i + 1) != "{")
                continue;
            var close = i + 2;
            while (close < lineStarts.Count && LineText(close) != "}")
                close++;
            if (close >= lineStarts.Count)
                break;

            var bodyStart = lineStarts[i + 1];
            var bodyEnd = lineStarts[close] + 1;
            var statements = ImmutableArray.CreateBuilder<Stmt>();
            var parseErrors = false;
            for (var line = i + 2; line < close; line++)
            {
                var content = LineText(line);
                parseErrors |= content.Contains("/* parse-error */", StringComparison.Ordinal);
                foreach (Match call in Call.Matches(content))
                {
                    var name = call.Groups[1].Value;
                    if (Keywords.Contains(name))
                        continue;
                    var start = lineStarts[line] + call.Index;
                    var end = CloseParen(text, lineStarts[line] + call.Index + call.Length);
                    var arguments = Arguments(text, lineStarts[line] + call.Index + call.Length, end - 1);
                    var expr = new CallExpr(new TextSpan(start, end), new NameExpr(new TextSpan(start, start + name.Length), name), arguments);
                    statements.Add(new ExprStmt(expr.Span, expr));
                }
            }
            var nameGroup = signature.Groups[1];
            var nameStart = lineStarts[i] + nameGroup.Index;
            functions.Add(new FunctionDef(
                nameGroup.Value,
                new TextSpan(lineStarts[i], bodyEnd),
                new TextSpan(nameStart, nameStart + nameGroup.Length),
                new TypeRef("void"),
                ImmutableArray<Parameter>.Empty,
                LineText(i).StartsWith("static", StringComparison.Ordinal) ? StorageClass.Static : StorageClass.None,
                ImmutableArray<string>.Empty,
                new BlockStmt(new TextSpan(bodyStart, bodyEnd), statements.ToImmutable()),
                parseErrors));
            i = close;
        }

        return new SourceUnit(
            file.Path,
            lines,
            functions.ToImmutable(),
            ImmutableArray<EnumDef>.Empty,
            ImmutableArray<RecordDef>.Empty,
            ImmutableArray<MacroDef>.Empty,
            ImmutableArray<MacroUse>.Empty,
            ImmutableArray<ParseProblem>.Empty);
    }

    private static int CloseParen(string text, int afterOpen)
    {
        var depth = 1;
        var i = afterOpen;
        for (; i < text.Length && depth > 0; i++)
        {
            if (text[i] == '(')
                depth++;
            else if (text[i] == ')')
                depth--;
            else if (text[i] == '\n')
                break;
        }
        return i;
    }

    private static ImmutableArray<Expr> Arguments(string text, int start, int end)
    {
        var arguments = ImmutableArray.CreateBuilder<Expr>();
        var depth = 0;
        var from = start;
        for (var i = start; i <= end; i++)
        {
            if (i < end && text[i] == '(')
                depth++;
            else if (i < end && text[i] == ')')
                depth--;
            if (i == end || (text[i] == ',' && depth == 0))
            {
                var raw = text.Substring(from, i - from);
                var trimmed = raw.Trim();
                if (trimmed.Length > 0)
                {
                    var at = from + raw.IndexOf(trimmed, StringComparison.Ordinal);
                    arguments.Add(new NameExpr(new TextSpan(at, at + trimmed.Length), trimmed));
                }
                from = i + 1;
            }
        }
        return arguments.ToImmutable();
    }
}
