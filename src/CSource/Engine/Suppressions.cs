using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Model;
using Folint.CSource.Lexing;

namespace Folint.CSource.Engine;

/// <summary>
/// A <c>/* folint: ignore FOL001 -- reason */</c> comment in a checked file. It covers the lines of the comment
/// itself (a trailing comment covers its line) and, when the comment stands on lines of its own, the first
/// line of code below it (other comments between them are allowed, a blank line is not). <see cref="Used"/>
/// says whether it suppressed a finding; null when none of its rules ran.
/// </summary>
public sealed record Suppression(string File, int Line, TextSpan Span, ImmutableArray<string> RuleIds, string? Reason, ImmutableArray<int> CoveredLines)
{
    public bool? Used { get; init; }

    /// <summary>What every report says of a suppression that hid nothing (check's stderr, SARIF, the editor).</summary>
    public string UnusedMessage => $"unused suppression of {string.Join(", ", RuleIds)}: nothing on the line it covers to suppress";

    public bool Covers(string ruleId, int line) =>
        CoveredLines.Contains(line) && RuleIds.Any(id => string.Equals(id, ruleId, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A finding a suppression comment hid, with the comment that hid it.</summary>
public sealed record SuppressedFinding(Finding Finding, Suppression By);

/// <summary>A comment that starts like a folint directive but cannot be read as one.</summary>
internal sealed record MalformedSuppression(string File, int Line, TextSpan Span, string Text);

/// <summary>The folint comments of one file.</summary>
internal sealed record FileSuppressions(ImmutableArray<Suppression> Suppressions, ImmutableArray<MalformedSuppression> Malformed);

/// <summary>
/// Finds folint directives in the comments of a C file: comments whose text begins with "folint:". The scan
/// skips string and character literals, so a "folint:" inside a string is not a directive. Only files that mention "folint:" at all are scanned.
/// </summary>
internal static class SuppressionScanner
{
    private static readonly byte[] Marker = Encoding.ASCII.GetBytes("folint:");

    private static readonly Regex Directive = new(
        @"^folint:\s*ignore\s+(?<ids>[A-Za-z]+[0-9]+(?:\s*,\s*[A-Za-z]+[0-9]+)*)\s*(?:--(?<reason>.*))?$",
        RegexOptions.CultureInvariant | RegexOptions.Singleline);

    public static FileSuppressions? Scan(string path, byte[] content)
    {
        if (content.AsSpan().IndexOf(Marker) < 0)
            return null;
        var text = Encoding.Latin1.GetString(content); // one char per byte: string offsets are byte offsets
        var lines = LineMap.FromBytes(content);
        var codeLines = new HashSet<int>();
        var comments = new List<(int Start, int End)>();

        var bytes = content.AsSpan();
        var i = 0;
        while (i < bytes.Length)
        {
            if (CLexer.IsCommentStart(bytes, i))
            {
                var end = CLexer.SkipComment(bytes, i);
                comments.Add((i, end));
                i = end;
            }
            else if (bytes[i] is (byte)'"' or (byte)'\'')
            {
                codeLines.Add(lines.GetPosition(i).Line);
                i = CLexer.SkipLiteral(bytes, i);
            }
            else
            {
                if (!char.IsWhiteSpace(text[i]))
                    codeLines.Add(lines.GetPosition(i).Line);
                i++;
            }
        }

        var suppressions = ImmutableArray.CreateBuilder<Suppression>();
        var malformed = ImmutableArray.CreateBuilder<MalformedSuppression>();
        foreach (var (start, end) in comments)
        {
            // A directive opens its comment; prose that mentions "folint:" further on is no directive.
            var directive = CommentText(text, start, end);
            if (!directive.StartsWith("folint:", StringComparison.Ordinal))
                continue;
            var span = new TextSpan(start, end);
            var first = lines.GetPosition(start).Line;
            var match = Directive.Match(directive);
            if (!match.Success)
            {
                malformed.Add(new MalformedSuppression(path, first, span, Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(directive))));
                continue;
            }
            var last = lines.GetPosition(Math.Max(start, end - 1)).Line;
            var covered = Enumerable.Range(first, last - first + 1).ToList();
            if (StandsAlone(text, start, end) && Below(last, lines, codeLines, comments, text) is { } target)
                covered.Add(target);
            var ids = match.Groups["ids"].Value.Split(',').Select(id => id.Trim().ToUpperInvariant()).ToImmutableArray();
            var reason = match.Groups["reason"].Success ? match.Groups["reason"].Value.Trim() : "";
            suppressions.Add(new Suppression(path, first, span, ids, reason.Length == 0 ? null : Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(reason)), covered.ToImmutableArray()));
        }
        return new FileSuppressions(suppressions.ToImmutable(), malformed.ToImmutable());
    }

    /// <summary>The words of a comment: delimiters gone, block-comment lines joined without their leading '*'.</summary>
    private static string CommentText(string text, int start, int end)
    {
        var inner = text.Substring(start + 2, Math.Max(0, end - start - 2));
        if (text[start + 1] == '*' && inner.EndsWith("*/", StringComparison.Ordinal))
            inner = inner.Substring(0, inner.Length - 2);
        var parts = inner.Split('\n').Select(line => line.Trim().TrimStart('*').Trim()).Where(line => line.Length > 0);
        return string.Join(" ", parts);
    }

    /// <summary>Nothing but blanks before the comment on its first line and after it on its last.</summary>
    private static bool StandsAlone(string text, int start, int end)
    {
        for (var i = start - 1; i >= 0 && text[i] != '\n'; i--)
        {
            if (!char.IsWhiteSpace(text[i]))
                return false;
        }
        for (var i = end; i < text.Length && text[i] != '\n'; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
                return false;
        }
        return true;
    }

    /// <summary>The first line of code below <paramref name="line"/>, across comment-only lines; null at a blank line.</summary>
    private static int? Below(int line, LineMap lines, HashSet<int> codeLines, List<(int Start, int End)> comments, string text)
    {
        for (var next = line + 1; next <= lines.LineCount; next++)
        {
            if (codeLines.Contains(next))
                return next;
            var startOffset = lines.GetLineStart(next);
            var endOffset = next < lines.LineCount ? lines.GetLineStart(next + 1) : text.Length;
            var inComment = comments.Any(c => c.Start < endOffset && c.End > startOffset);
            if (!inComment)
                return null;
        }
        return null;
    }
}
