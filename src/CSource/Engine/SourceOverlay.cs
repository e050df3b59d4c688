using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Folint.CSource.Engine;

/// <summary>
/// Files that stand in for the tree's during one run, by tree-relative path: the post-image of a patch series
/// (check-patch), an editor's unsaved buffer. A null content means the file is gone (a patch deletes it). When
/// <see cref="Exclusive"/>, the overlay is the whole tree and the disk is never read: check-patch without a tree
/// checks a small tree made of the series' own hunks.
/// </summary>
public sealed class SourceOverlay
{
    private readonly ImmutableDictionary<string, byte[]?> _files;

    public SourceOverlay(IEnumerable<KeyValuePair<string, byte[]?>> files, bool exclusive = false)
    {
        _files = ImmutableDictionary.CreateRange(StringComparer.Ordinal, files);
        Exclusive = exclusive;
    }

    public static SourceOverlay None { get; } = new(Array.Empty<KeyValuePair<string, byte[]?>>());

    public bool Exclusive { get; }

    public IEnumerable<string> Paths => _files.Keys;

    /// <summary>
    /// True when the overlay decides what the path holds: its content, or null when the overlay deletes it (or,
    /// exclusive, does not have it). False: read the disk.
    /// </summary>
    public bool TryGet(string path, out byte[]? content)
    {
        if (_files.TryGetValue(path, out content))
            return true;
        content = null;
        return Exclusive;
    }
}
