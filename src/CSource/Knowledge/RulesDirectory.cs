using System;
using System.IO;

namespace Folint.CSource.Knowledge;

/// <summary>Where rules/ is: --rules-dir, else $FOLINT_RULES, else the rules/ copied beside the running assembly.</summary>
public static class RulesDirectory
{
    public const string EnvironmentVariable = "FOLINT_RULES";

    public static string Resolve(string? option, string? environmentValue, string currentDirectory)
    {
        if (!string.IsNullOrWhiteSpace(option))
            return Path.GetFullPath(option, currentDirectory);
        if (!string.IsNullOrWhiteSpace(environmentValue))
            return Path.GetFullPath(environmentValue, currentDirectory);
        return Path.Combine(AppContext.BaseDirectory, "rules");
    }
}
