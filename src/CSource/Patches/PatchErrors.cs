using Folint.CSource.Engine;

namespace Folint.CSource.Patches;

/// <summary>A hunk that ends before its header's line counts are reached, or a line no diff may hold.</summary>
internal sealed class MalformedPatchError : FolintError
{
    public MalformedPatchError(string where, string problem)
        : base(where, problem, "the patch was cut or re-wrapped on its way (a mail client that wraps long lines, a web page that dropped lines); take it from the list archive's raw message or from 'git format-patch'")
    {
    }
}

/// <summary>
/// A hunk whose lines (context and removed) are not in the tree, at its line or anywhere after the previous hunk.
/// The message names the patch, the file, the hunk and the first line that differs.
/// </summary>
internal sealed class PatchDoesNotApplyError : FolintError
{
    public PatchDoesNotApplyError(string where, string problem)
        : base(where, problem, "check that --tree is the tree the series was written against (the base commit named in the cover letter or after 'base-commit:'), and that an mbox holds one version of the series")
    {
    }
}
