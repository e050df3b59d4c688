using System;
using System.Collections.Immutable;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using System.Text.Json;
using Folint.CSource.Index;

namespace Folint.CSource.Engine;

/// <summary>
/// The result of a whole check, cached under the request (tree, inputs, rules enabled, limits) and valid while the
/// tree's digest (every .c/.h path and content hash, from the scan) is the same: a re-run over an unchanged tree
/// reads the scan's file identities and this result, and parses nothing.
/// </summary>
internal sealed class ResultCache
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private readonly CacheStore _store;
    private readonly string _path;

    public ResultCache(CacheStore store, SourceInputs inputs, CheckOptions options)
    {
        _store = store;
        var request = string.Join("\n", new[]
            {
                inputs.TreeRoot,
                options.MaxFileSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                options.EnabledRules is null ? "*" : string.Join(",", options.EnabledRules.Order(StringComparer.Ordinal)),
                options.Prefilter ? "prefilter" : "full",
                options.FrontendVariant ?? "default frontend",
            }
            .Concat(inputs.Files.Select(f => f.Path))
            .Concat(inputs.Problems.Select(p => "problem " + p.Path + ": " + p.Reason)));
        _path = store.PathFor("result", request);
        Request = request;
    }

    private string Request { get; }

    public CheckResult? Load(UInt128 digest) => _store.Read(_path, reader => ReadResult(reader, Request, digest));

    /// <summary>
    /// The result as <see cref="Save"/> wrote it, after the cache file's header; null when it is for another request or
    /// tree; <see cref="InvalidDataException"/> when it is damaged. The fuzz target <c>cache</c> feeds it any bytes.
    /// </summary>
    internal static CheckResult? ReadResult(BinaryReader reader, string request, UInt128 digest)
    {
        if (reader.ReadString() != request)
            return null; // another request whose key hashed alike: not an error, just not ours
        var low = reader.ReadUInt64();
        var high = reader.ReadUInt64();
        if (new UInt128(high, low) != digest)
        {
            reader.ReadString();
            return null;
        }
        return FromJson(reader.ReadString());
    }

    internal static CheckResult FromJson(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<CheckResult>(text, Json) ?? throw new InvalidDataException("empty result");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(e.Message);
        }
    }

    public void Save(UInt128 digest, CheckResult result) =>
        _store.Write(_path, writer =>
        {
            writer.Write(Request);
            writer.Write((ulong)digest);
            writer.Write((ulong)(digest >> 64));
            writer.Write(JsonSerializer.Serialize(result, Json));
        });

    /// <summary>
    /// The digest that decides whether a cached result holds: the scan's, and the content of each input the scan does
    /// not cover (a source reached through a symbolic link); null when there is an overlay (a patch) or such an input
    /// cannot be read.
    /// </summary>
    public static UInt128? Digest(SourceInputs inputs, TreeScanResult scan)
    {
        if (inputs.Overlay.Exclusive || inputs.Overlay.Paths.Any())
            return null;
        var hash = new XxHash128();
        Span<byte> buffer = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(buffer, scan.Digest());
        hash.Append(buffer);
        foreach (var file in inputs.Files.Where(f => scan.IdOf(f.Path) < 0))
        {
            try
            {
                hash.Append(System.Text.Encoding.UTF8.GetBytes(file.Path));
                System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(buffer, XxHash128.HashToUInt128(RegularFile.ReadAll(file.FullPath, RegularFile.MaxReadable)));
                hash.Append(buffer);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
        return hash.GetCurrentHashAsUInt128();
    }
}
