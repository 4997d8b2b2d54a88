using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClinicApp.Infrastructure.Backups;

/// <summary>One part of an archive (the database, each stored file) with its size and SHA-256.</summary>
public sealed record BackupPart(string Path, long Size, string Sha256);

/// <summary>What an archive holds, written inside it as <c>manifest.json</c>: whose data, which schema,
/// when, by which app, the row count of every table and the hash of every part. Verification and restore
/// check the extracted content against it.</summary>
public sealed record BackupManifest
{
    public const string FileName = "manifest.json";
    public const string DatabasePart = "database/data.db";
    public const string FilesPrefix = "files/";

    /// <summary>"hospital" or "catalog".</summary>
    public string Kind { get; init; } = "hospital";

    public Guid? HospitalId { get; init; }

    /// <summary>The hospital's slug (or "_catalog").</summary>
    public string Scope { get; init; } = "";

    public string? HospitalName { get; init; }

    public string? Culture { get; init; }

    public string? TimeZone { get; init; }

    /// <summary>The last migration applied to the database in the archive.</summary>
    public string? MigrationId { get; init; }

    public DateTime CreatedAt { get; init; }

    public string AppVersion { get; init; } = "";

    public IReadOnlyDictionary<string, long> RowCounts { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<BackupPart> Parts { get; init; } = [];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
