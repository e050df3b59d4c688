using System.Collections.Immutable;
using System.Threading;
using Folint.Analyzer.Findings;

namespace Folint.Cli.Lsp;

/// <summary>
/// A C file the editor has open: its current text and version, the check under way for it and what the last
/// published check found. Every field is read and written under <see cref="Gate"/>.
/// </summary>
internal sealed class OpenDocument
{
    public OpenDocument(string uri, string fullPath, IndexedTree tree, string treePath, int version, string text)
    {
        Uri = uri;
        FullPath = fullPath;
        Tree = tree;
        TreePath = treePath;
        Version = version;
        Text = text;
    }

    public object Gate { get; } = new();

    /// <summary>The URI as the client sent it: diagnostics are published under the same string.</summary>
    public string Uri { get; }

    public string FullPath { get; }

    public IndexedTree Tree { get; }

    /// <summary>The path relative to the tree root, as findings name it.</summary>
    public string TreePath { get; }

    public int Version { get; set; }

    public string Text { get; set; }

    public bool Closed { get; set; }

    /// <summary>Cancels the scheduled or running check; replaced by every change.</summary>
    public CancellationTokenSource? Pending { get; set; }

    public CheckedVersion? Published { get; set; }

    /// <summary>The problems the last check reported (newline-separated), so the same ones are not logged again.</summary>
    public string LastProblems = "";
}

/// <summary>The findings published for one version of a document, kept for code action requests on that version.</summary>
internal sealed record CheckedVersion(int Version, byte[] Content, ImmutableArray<Finding> Findings, ImmutableArray<Diagnostic> Diagnostics);
