using System.Security.Cryptography;
using System.Text;

namespace Folint.Analyzer.Findings;

/// <summary>
/// Stable identities for findings. Inputs are what a reviewer would call "the same problem":
/// the rule, the file, the enclosing function, the rule's key (accessor and flag, field, ...)
/// and the ordinal among equal keys in that function. Line numbers never enter, so a finding
/// keeps its fingerprint when unrelated edits move it.
/// </summary>
public static class Fingerprint
{
    public static string Compute(string ruleId, string file, string? function, string key, int ordinal = 0)
    {
        var text = string.Join("\u001f", ruleId, file.Replace('\\', '/'), function ?? "", key, ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
        var sb = new StringBuilder(32);
        for (var i = 0; i < 16; i++)
            sb.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
