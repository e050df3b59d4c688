using System;
using System.Globalization;
using Folint.CSource.Engine;

namespace Folint.Cli;

/// <summary>Sizes as users write them: 8388608, 512K, 8M, 8MiB, 1G.</summary>
internal static class ByteSize
{
    public static long Parse(string option, string text)
    {
        var trimmed = text.Trim();
        var digits = 0;
        while (digits < trimmed.Length && char.IsAsciiDigit(trimmed[digits]))
            digits++;
        var unit = trimmed.Substring(digits).Trim().ToUpperInvariant();
        long multiplier = unit switch
        {
            "" or "B" => 1,
            "K" or "KB" or "KIB" => 1024,
            "M" or "MB" or "MIB" => 1024 * 1024,
            "G" or "GB" or "GIB" => 1024 * 1024 * 1024,
            _ => -1,
        };
        if (digits == 0 || multiplier < 0 || !long.TryParse(trimmed.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0 || value > long.MaxValue / multiplier)
            throw new InvalidOptionError(option, $"'{text}' is not a size", "write a positive number of bytes, optionally with K, M or G (8M, 512K)");
        return value * multiplier;
    }
}
