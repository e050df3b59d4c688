using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Folint.CSource.Patches;

/// <summary>
/// Finds the unified diffs in a text: git diffs (<c>diff --git</c> with its extended headers), plain
/// <c>---</c>/<c>+++</c> diffs (quilt, akpm's -mm mails, <c>diff -u</c>), each with its hunks.
/// </summary>
/// <remarks>
/// Only lines that start a diff at column 0 count, so the quoted copies of a patch in a review reply
/// (<c>&gt; +FOLIO_TEST_FLAG(...)</c>, <c>&gt;&gt; @@ ...</c>) never become patches: seed 000 is a v5 patch
/// followed by replies that quote it twice over. A hunk ends when its header's line counts are reached, so the
/// <c>-- </c> signature after the last hunk of a format-patch mail is not taken for a removed line. An empty line
/// inside a hunk is an empty context line whose leading space a mail or a web archive dropped.
/// </remarks>
internal static class UnifiedDiffReader
{
    private static readonly Regex HunkHeader = new(@"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$", RegexOptions.CultureInvariant);

    // Signs of a diff that is there but not usable: quoted in a reply, or with its line breaks gone.
    private static readonly Regex QuotedDiffLine = new(@"^(?:>\s?)+(?:diff --git |\+\+\+ [^\s]|@@ -\d)", RegexOptions.CultureInvariant | RegexOptions.Multiline);
    private static readonly Regex InlineDiffMark = new(@"\S[ \t]+(?:diff --git [^\s]+ [^\s]+|\+\+\+ [ab]/[^\s]+|@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@)", RegexOptions.CultureInvariant);

    /// <param name="text">The text: a mail body, a diff file, a copy of a thread.</param>
    /// <param name="where">How messages name the text ("0001-mm-foo.patch", "series.mbox, message 2").</param>
    /// <param name="firstLine">The line of the input file that the text's first line is (1 for a whole file), or 0 when the text was decoded from a mail and has no line in the file.</param>
    public static ImmutableArray<FilePatch> Read(string text, string where, int firstLine = 1)
    {
        var lines = SplitLines(text);
        var files = ImmutableArray.CreateBuilder<FilePatch>();
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                files.Add(ReadGitFile(lines, ref i, where, firstLine));
                continue;
            }
            if (IsPlainFileStart(lines, i))
            {
                files.Add(ReadPlainFile(lines, ref i, where, firstLine));
                continue;
            }
            i++;
        }
        return files.ToImmutable();
    }

    /// <summary>Why a text that holds no patch holds none, in words for the user.</summary>
    public static string ExplainNoPatch(string text)
    {
        var quoted = QuotedDiffLine.IsMatch(text);
        var inline = InlineDiffMark.Match(text);
        if (inline.Success && !text.Contains('\n', StringComparison.Ordinal))
            return "the text has diff lines but no line breaks (a mail squashed onto one line): the hunks cannot be told apart; take the raw message from the list archive";
        if (inline.Success && !quoted)
            return $"the diff marks are not at the start of a line ('{Shorten(inline.Value.TrimStart())}'): the line breaks of the mail seem lost; take the raw message from the list archive";
        if (quoted)
            return "it only quotes a patch (lines starting with '>', as in a review reply); quoted hunks are not a patch";
        return "no unified diff in it (no 'diff --git', '---'/'+++' or '@@' lines at the start of a line)";
    }

    internal static string[] SplitLines(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].EndsWith('\r'))
                lines[i] = lines[i].Substring(0, lines[i].Length - 1);
        }
        // A final newline ends the last line; it does not start an empty one.
        return lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    private static bool IsPlainFileStart(string[] lines, int i) =>
        lines[i].StartsWith("--- ", StringComparison.Ordinal) &&
        i + 2 < lines.Length &&
        lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal) &&
        HunkHeader.IsMatch(lines[i + 2]);

    private static FilePatch ReadGitFile(string[] lines, ref int i, string where, int firstLine)
    {
        var start = i;
        var (gitOld, gitNew) = GitHeaderPaths(lines[i].Substring("diff --git ".Length));
        i++;
        string? oldPath = gitOld, newPath = gitNew;
        var change = FileChange.Modified;
        var binary = false;
        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("new file mode ", StringComparison.Ordinal))
                change = FileChange.Added;
            else if (line.StartsWith("deleted file mode ", StringComparison.Ordinal))
                change = FileChange.Deleted;
            else if (line.StartsWith("rename from ", StringComparison.Ordinal))
            {
                change = FileChange.Renamed;
                oldPath = Unquote(line.Substring("rename from ".Length));
            }
            else if (line.StartsWith("rename to ", StringComparison.Ordinal))
                newPath = Unquote(line.Substring("rename to ".Length));
            else if (line.StartsWith("copy from ", StringComparison.Ordinal))
            {
                change = FileChange.Copied;
                oldPath = Unquote(line.Substring("copy from ".Length));
            }
            else if (line.StartsWith("copy to ", StringComparison.Ordinal))
                newPath = Unquote(line.Substring("copy to ".Length));
            else if (line.StartsWith("Binary files ", StringComparison.Ordinal) || line == "GIT binary patch")
                binary = true;
            else if (line.StartsWith("old mode ", StringComparison.Ordinal) || line.StartsWith("new mode ", StringComparison.Ordinal) ||
                     line.StartsWith("similarity index ", StringComparison.Ordinal) || line.StartsWith("dissimilarity index ", StringComparison.Ordinal) ||
                     line.StartsWith("index ", StringComparison.Ordinal))
                continue;
            else
                break;
        }

        if (i + 1 < lines.Length && lines[i].StartsWith("--- ", StringComparison.Ordinal) && lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal))
        {
            var minus = PathOfFileLine(lines[i].Substring(4));
            var plus = PathOfFileLine(lines[i + 1].Substring(4));
            if (minus is null)
                change = FileChange.Added;
            if (plus is null)
                change = FileChange.Deleted;
            oldPath = minus is null ? null : StripGitPrefix(minus);
            newPath = plus is null ? null : StripGitPrefix(plus);
            i += 2;
        }
        else
        {
            oldPath = change == FileChange.Added ? null : oldPath;
            newPath = change == FileChange.Deleted ? null : newPath;
        }

        var hunks = ReadHunks(lines, ref i, where, firstLine, newPath ?? oldPath ?? "?");
        if (binary)
        {
            // The binary payload ("literal 1234" and base85 lines) is no diff text: step over it.
            while (i < lines.Length && !lines[i].StartsWith("diff --git ", StringComparison.Ordinal) && !IsPlainFileStart(lines, i))
                i++;
        }
        if (oldPath is null && newPath is null)
            throw new MalformedPatchError(Where(where, firstLine, start), $"cannot tell the file's name from '{lines[start]}'");
        return new FilePatch(oldPath, newPath, change, hunks, binary, LineOf(firstLine, start));
    }

    private static FilePatch ReadPlainFile(string[] lines, ref int i, string where, int firstLine)
    {
        var start = i;
        var minus = PathOfFileLine(lines[i].Substring(4));
        var plus = PathOfFileLine(lines[i + 1].Substring(4));
        i += 2;
        var (oldPath, newPath) = StripPlainPrefixes(minus, plus);
        var change = oldPath is null ? FileChange.Added : newPath is null ? FileChange.Deleted : FileChange.Modified;
        // akpm's quilt mails name the old side "a/mm/foo.c~patch-name": the same file, not a rename.
        if (change == FileChange.Modified && oldPath != newPath)
            oldPath = newPath;
        var hunks = ReadHunks(lines, ref i, where, firstLine, newPath ?? oldPath!);
        return new FilePatch(oldPath, newPath, change, hunks, false, LineOf(firstLine, start));
    }

    private static ImmutableArray<Hunk> ReadHunks(string[] lines, ref int i, string where, int firstLine, string path)
    {
        var hunks = ImmutableArray.CreateBuilder<Hunk>();
        while (i < lines.Length)
        {
            var header = HunkHeader.Match(lines[i]);
            if (!header.Success)
            {
                // Where a hunk may start, "@@ -" that does not parse is a broken header (a negative or missing count),
                // not the end of the file's hunks: its lines would go unchecked.
                if (lines[i].StartsWith("@@ -", StringComparison.Ordinal))
                    throw new MalformedPatchError(Where(where, firstLine, i), $"{path}: hunk header '{Shorten(lines[i])}' is not '@@ -START[,COUNT] +START[,COUNT] @@' with counts of 0 or more");
                if (hunks.Count > 0)
                    RefuseLinesPastTheCounts(lines, i, where, firstLine, path, hunks[^1]);
                break;
            }
            var headerIndex = i;
            // Digits only, but a mangled header can hold more of them than any file has lines.
            int Number(Group digits) => int.TryParse(digits.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new MalformedPatchError(Where(where, firstLine, headerIndex), $"{path}: hunk '{Shorten(lines[headerIndex])}' has a line number or count too large for any file ({Shorten(digits.Value)})");
            var oldStart = Number(header.Groups[1]);
            var oldCount = header.Groups[2].Success ? Number(header.Groups[2]) : 1;
            var newStart = Number(header.Groups[3]);
            var newCount = header.Groups[4].Success ? Number(header.Groups[4]) : 1;
            var section = header.Groups[5].Value.TrimEnd();
            if (oldCount == 0 && newCount == 0)
                throw new MalformedPatchError(Where(where, firstLine, headerIndex), $"{path}: hunk '{Shorten(lines[headerIndex])}' says it holds no line; a hunk removes, adds or shows at least one");
            i++;

            var body = new List<HunkLine>();
            int oldLeft = oldCount, newLeft = newCount;
            while (oldLeft > 0 || newLeft > 0)
            {
                if (i >= lines.Length)
                    throw Truncated(where, firstLine, headerIndex, path, lines[headerIndex], oldLeft, newLeft, "the text ends");
                var line = lines[i];
                var kind = line.Length == 0 ? HunkLineKind.Context : line[0] switch
                {
                    ' ' => HunkLineKind.Context,
                    '+' => HunkLineKind.Added,
                    '-' => HunkLineKind.Removed,
                    _ => (HunkLineKind?)null,
                };
                if (line.StartsWith('\\'))
                {
                    MarkNoNewline(body);
                    i++;
                    continue;
                }
                if (kind is null)
                    throw Truncated(where, firstLine, headerIndex, path, lines[headerIndex], oldLeft, newLeft, $"line {LineOf(firstLine, i)} ('{Shorten(line)}') is not a hunk line");
                if ((kind != HunkLineKind.Added && oldLeft == 0) || (kind != HunkLineKind.Removed && newLeft == 0))
                    throw Truncated(where, firstLine, headerIndex, path, lines[headerIndex], oldLeft, newLeft, $"line {LineOf(firstLine, i)} does not fit the header's counts");
                body.Add(new HunkLine(kind.Value, line.Length == 0 ? "" : line.Substring(1)));
                if (kind != HunkLineKind.Added)
                    oldLeft--;
                if (kind != HunkLineKind.Removed)
                    newLeft--;
                i++;
            }
            if (i < lines.Length && lines[i].StartsWith("\\ ", StringComparison.Ordinal))
            {
                MarkNoNewline(body);
                i++;
            }
            hunks.Add(new Hunk(oldStart, oldCount, newStart, newCount, section, body.ToImmutableArray(), LineOf(firstLine, headerIndex)));
        }
        return hunks.ToImmutable();
    }

    /// <summary>
    /// After the lines a hunk's header counts, an added or removed line means the counts are wrong (a hand-edited
    /// patch): the lines past them would silently go unchecked. A mail's <c>-- </c> signature and the next file's
    /// <c>--- </c>/<c>+++ </c> lines are not hunk lines.
    /// </summary>
    private static void RefuseLinesPastTheCounts(string[] lines, int i, string where, int firstLine, string path, Hunk last)
    {
        var line = lines[i];
        var looksAdded = line.StartsWith('+') && !line.StartsWith("+++ ", StringComparison.Ordinal);
        var looksRemoved = line.StartsWith('-') && line.TrimEnd() != "--" && !IsPlainFileStart(lines, i) && !line.StartsWith("--- ", StringComparison.Ordinal);
        if (!looksAdded && !looksRemoved)
            return;
        throw new MalformedPatchError(Where(where, firstLine, i),
            $"{path}: line {LineOf(firstLine, i)} ('{Shorten(line)}') is {(looksAdded ? "an added" : "a removed")} line after hunk '{Shorten(last.Header)}' has all the lines its header counts: the header's counts are wrong");
    }

    private static void MarkNoNewline(List<HunkLine> body)
    {
        if (body.Count > 0)
            body[^1] = body[^1] with { NoNewlineAtEnd = true };
    }

    private static MalformedPatchError Truncated(string where, int firstLine, int headerIndex, string path, string header, int oldLeft, int newLeft, string what) =>
        new(Where(where, firstLine, headerIndex),
            $"{path}: hunk '{Shorten(header)}' is cut short: {what} while it still owes {oldLeft} old and {newLeft} new line(s)");

    private static string Where(string where, int firstLine, int index) =>
        firstLine > 0 ? $"{where}:{firstLine + index}" : where;

    private static int LineOf(int firstLine, int index) => firstLine > 0 ? firstLine + index : 0;

    /// <summary>The two paths of <c>diff --git a/x b/y</c>, prefixes stripped; a rename's names come from its own lines.</summary>
    private static (string? Old, string? New) GitHeaderPaths(string rest)
    {
        if (rest.StartsWith('"'))
        {
            var end = QuotedEnd(rest);
            var first = Unquote(rest.Substring(0, end + 1));
            var second = Unquote(rest.Substring(end + 1).TrimStart());
            return (StripGitPrefix(first), StripGitPrefix(second));
        }
        // "a/p b/p": both halves name the same file unless the patch renames it, so try the middle first.
        if (rest.Length % 2 == 1 && rest[rest.Length / 2] == ' ')
        {
            var left = rest.Substring(0, rest.Length / 2);
            var right = rest.Substring(rest.Length / 2 + 1);
            if (StripGitPrefix(left) == StripGitPrefix(right))
                return (StripGitPrefix(left), StripGitPrefix(right));
        }
        var split = rest.IndexOf(" b/", StringComparison.Ordinal);
        if (split < 0)
            split = rest.IndexOf(' ', StringComparison.Ordinal);
        return split < 0 ? (StripGitPrefix(rest), StripGitPrefix(rest)) : (StripGitPrefix(rest.Substring(0, split)), StripGitPrefix(rest.Substring(split + 1)));
    }

    private static int QuotedEnd(string text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
                i++;
            else if (text[i] == '"')
                return i;
        }
        return text.Length - 1;
    }

    /// <summary>The path of a <c>---</c>/<c>+++</c> line without its timestamp; null for /dev/null.</summary>
    private static string? PathOfFileLine(string text)
    {
        var path = text.StartsWith('"') ? Unquote(text.Substring(0, QuotedEnd(text) + 1)) : text.Split('\t')[0].TrimEnd();
        return path == "/dev/null" ? null : path;
    }

    // git writes a/ and b/ (or the mnemonic i/, w/, c/, o/ with diff.mnemonicPrefix) before every path.
    private static string StripGitPrefix(string path) =>
        path.Length > 2 && path[1] == '/' && "abciwo".Contains(path[0], StringComparison.Ordinal) ? path.Substring(2) : path;

    /// <summary>
    /// Plain diffs carry whatever directory the author diffed from: <c>a/</c> and <c>b/</c>, or
    /// <c>linux.orig/</c> and <c>linux/</c>, or none. The first component goes when it is a git-style letter or
    /// when the two sides differ only there (patch -p1); otherwise the paths stay as written.
    /// </summary>
    private static (string? Old, string? New) StripPlainPrefixes(string? minus, string? plus)
    {
        static string BeforeTilde(string p)
        {
            var tilde = p.IndexOf('~', StringComparison.Ordinal);
            return tilde < 0 ? p : p.Substring(0, tilde);
        }
        var oldPath = minus is null ? null : BeforeTilde(minus);
        var newPath = plus;
        if ((oldPath is null || StripGitPrefix(oldPath) != oldPath) && (newPath is null || StripGitPrefix(newPath) != newPath))
            return (oldPath is null ? null : StripGitPrefix(oldPath), newPath is null ? null : StripGitPrefix(newPath));
        if (oldPath is not null && newPath is not null)
        {
            var oldSlash = oldPath.IndexOf('/', StringComparison.Ordinal);
            var newSlash = newPath.IndexOf('/', StringComparison.Ordinal);
            if (oldSlash > 0 && newSlash > 0 && oldPath.Substring(oldSlash) == newPath.Substring(newSlash) && oldPath.Substring(0, oldSlash) != newPath.Substring(0, newSlash))
                return (oldPath.Substring(oldSlash + 1), newPath.Substring(newSlash + 1));
        }
        return (oldPath, newPath);
    }

    /// <summary>git's C-style quoting of unusual path names: <c>"a/t\303\251st.c"</c>.</summary>
    private static string Unquote(string text)
    {
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
            return text;
        var bytes = new List<byte>();
        for (var i = 1; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length - 1)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }
            var next = text[++i];
            switch (next)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'v': bytes.Add(11); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case >= '0' and <= '7':
                    var value = 0;
                    var digits = 0;
                    for (; digits < 3 && i < text.Length - 1 && text[i] >= '0' && text[i] <= '7'; digits++, i++)
                        value = value * 8 + (text[i] - '0');
                    i--;
                    bytes.Add((byte)value);
                    break;
                default: bytes.AddRange(Encoding.UTF8.GetBytes(next.ToString())); break;
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    internal static string Shorten(string text) => text.Length <= 72 ? text : text.Substring(0, 69) + "...";
}
