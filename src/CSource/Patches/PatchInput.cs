using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Folint.CSource.Patches;

/// <summary>What one input file holds: its patches, or why it holds none.</summary>
public sealed record PatchInputResult(string Source, ImmutableArray<Patch> Patches, string? NoPatchReason, int Messages)
{
    public bool HasPatch => Patches.Length > 0;
}

/// <summary>
/// Reads a patch input: an mbox (a <c>git format-patch</c> file is an mbox of one message; a series or a review
/// thread saved from a mail client is an mbox of many), a single mail, or plain text (a diff file, a copy of a
/// thread from a web archive). Mails go through MimeKit, which decodes quoted-printable and base64 bodies and
/// charsets and finds patches sent as attachments; every text part is searched for diffs.
/// </summary>
public static class PatchInput
{
    // A mail saved alone (.eml) starts with one of its header fields; "Re: [PATCH ...]" on a web page does not.
    private static readonly Regex MailHeaderStart = new(
        @"\A(?:From|Subject|Date|Return-Path|Received|Message-I[Dd]|To|Cc|Delivered-To|MIME-Version|Content-Type|Reply-To|In-Reply-To|References|X-[A-Za-z0-9-]+|ARC-[A-Za-z-]+|DKIM-Signature|Authentication-Results):",
        RegexOptions.CultureInvariant);

    private static readonly Regex PatchSubject = new(@"^(?:Subject:\s*)?(\[[^\]]*PATCH[^\]]*\].*)$", RegexOptions.CultureInvariant | RegexOptions.Multiline);

    public static PatchInputResult Read(string source, byte[] content)
    {
        if (StartsWith(content, "From "))
            return ReadMails(source, content, MimeFormat.Mbox);
        if (MailHeaderStart.IsMatch(Encoding.ASCII.GetString(content, 0, Math.Min(content.Length, 64))))
            return ReadMails(source, content, MimeFormat.Entity);
        var text = Decode(content);
        var files = UnifiedDiffReader.Read(text, source);
        if (files.IsEmpty)
            return new PatchInputResult(source, ImmutableArray<Patch>.Empty, UnifiedDiffReader.ExplainNoPatch(text), 0);
        return new PatchInputResult(source, ImmutableArray.Create(new Patch(LabelOfText(text, source, files[0].InputLine), source, files)), null, 0);
    }

    private static PatchInputResult ReadMails(string source, byte[] content, MimeFormat format)
    {
        using var stream = new MemoryStream(content, writable: false);
        var parser = new MimeParser(stream, format);
        var bodyStarts = new Dictionary<MimeEntity, long>(ReferenceEqualityComparer.Instance);
        parser.MimeEntityEnd += (_, e) => bodyStarts[e.Entity] = e.HeadersEndOffset;

        var patches = ImmutableArray.CreateBuilder<Patch>();
        var reasons = new List<string>();
        var messages = 0;
        while (!parser.IsEndOfStream)
        {
            MimeMessage message;
            try
            {
                message = parser.ParseMessage();
            }
            catch (FormatException e)
            {
                if (messages == 0)
                    return new PatchInputResult(source, ImmutableArray<Patch>.Empty, $"not a readable mail or mbox ({e.Message})", 0);
                break;
            }
            messages++;
            var subject = string.IsNullOrWhiteSpace(message.Subject) ? null : message.Subject.Trim();
            var where = format == MimeFormat.Mbox ? $"{source}, message {messages}" + (subject is null ? "" : $" ('{UnifiedDiffReader.Shorten(subject)}')") : source;
            var files = ImmutableArray.CreateBuilder<FilePatch>();
            foreach (var part in message.BodyParts.OfType<TextPart>())
            {
                if (part.IsHtml)
                    continue;
                var text = part.Text ?? "";
                var firstLine = bodyStarts.TryGetValue(part, out var offset) && IsVerbatim(part) ? BodyFirstLine(content, offset) : 0;
                files.AddRange(UnifiedDiffReader.Read(text, firstLine > 0 ? source : where, firstLine));
                if (files.Count == 0)
                    reasons.Add(UnifiedDiffReader.ExplainNoPatch(text));
            }
            if (files.Count > 0)
                patches.Add(new Patch(subject ?? where, source, files.ToImmutable()));
        }
        if (patches.Count > 0)
            return new PatchInputResult(source, patches.ToImmutable(), null, messages);
        var reason = messages == 0 ? "no mail in it" :
            messages == 1 ? (reasons.FirstOrDefault() ?? "the mail has no text body") :
            $"none of its {messages} mails holds one" + (reasons.Count > 0 ? ": " + string.Join("; ", reasons.Distinct()) : "");
        return new PatchInputResult(source, ImmutableArray<Patch>.Empty, reason, messages);
    }

    /// <summary>A body sent as it is written (7bit, 8bit): its lines are lines of the file, so messages can name them.</summary>
    private static bool IsVerbatim(TextPart part) =>
        part.ContentTransferEncoding is ContentEncoding.Default or ContentEncoding.SevenBit or ContentEncoding.EightBit or ContentEncoding.Binary &&
        !part.IsFlowed;

    /// <summary>The 1-based line of the file where a body starts, from the offset where its headers end.</summary>
    private static int BodyFirstLine(byte[] content, long headersEnd)
    {
        var end = (int)Math.Min(headersEnd, content.Length);
        var line = 1 + content.AsSpan(0, end).Count((byte)'\n');
        // The offset is that of the blank line ending the headers (or of the body itself when MimeKit skipped it).
        if (end < content.Length && content[end] == (byte)'\n')
            line++;
        else if (end + 1 < content.Length && content[end] == (byte)'\r' && content[end + 1] == (byte)'\n')
            line++;
        return line;
    }

    private static string LabelOfText(string text, string source, int firstPatchLine)
    {
        // A copy of a thread from a web archive starts with the patch's subject: take the last one above the diff.
        var lines = UnifiedDiffReader.SplitLines(text);
        var limit = firstPatchLine > 0 ? Math.Min(lines.Length, firstPatchLine - 1) : lines.Length;
        string? label = null;
        for (var i = 0; i < limit; i++)
        {
            var match = PatchSubject.Match(lines[i]);
            if (match.Success)
                label = match.Groups[1].Value.Trim();
        }
        return label ?? $"{source}, patch at line {firstPatchLine}";
    }

    private static bool StartsWith(byte[] content, string prefix) =>
        content.Length >= prefix.Length && content.AsSpan(0, prefix.Length).SequenceEqual(Encoding.ASCII.GetBytes(prefix));

    /// <summary>UTF-8, or Latin-1 for the odd archive copy that is not: every byte stays one character.</summary>
    private static string Decode(byte[] content)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(content);
        }
    }
}
