using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ClinicApp.Infrastructure.Backups;

/// <summary>What to back up: a SQLite database file and (for a hospital) its folder of stored files.</summary>
public sealed record BackupSource(
    string Kind,
    string Scope,
    Guid? HospitalId,
    string? HospitalName,
    string? Culture,
    string? TimeZone,
    string DatabaseFile,
    string? FilesDirectory);

public enum BackupStage
{
    CopyingDatabase,
    PackingFiles,
    Verifying,
    Done,
}

public sealed record BackupProgress(BackupStage Stage, int Percent);

public sealed record WrittenBackup(string ArchivePath, long SizeBytes, string Sha256, BackupManifest Manifest);

/// <summary>Creates the archive files; tests put a failing (full-disk) stream here.</summary>
public interface IArchiveFiles
{
    Stream Create(string path);
}

public sealed class ArchiveFiles : IArchiveFiles
{
    public Stream Create(string path) =>
        new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
}

/// <summary>Writes one encrypted archive: an online copy of the database (SQLite's backup API: a consistent
/// snapshot while the app keeps writing, never a raw file copy), the stored files and the manifest, zipped
/// and encrypted on the fly into a hidden ".partial" file that is renamed to its real name only once
/// complete and flushed to disk. A crash at any point leaves no file that looks like a good archive.</summary>
public sealed class BackupWriter(BackupKey key, IArchiveFiles files, TimeProvider time)
{
    public const string Extension = ".clinicbackup";
    public const string PartialSuffix = ".partial";
    public const string StagingPrefix = ".tmp-";

    public static string AppVersion { get; } =
        typeof(BackupWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public async Task<WrittenBackup> WriteAsync(BackupSource source, string directory, IProgress<BackupProgress>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var createdAt = time.GetUtcNow().UtcDateTime;
        var name = $"{source.Scope}-{createdAt:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}{Extension}";
        var final = Path.Combine(directory, name);
        var partial = Path.Combine(directory, $".{name}{PartialSuffix}");
        var staging = Path.Combine(directory, $"{StagingPrefix}{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            progress?.Report(new BackupProgress(BackupStage.CopyingDatabase, 0));
            var copy = Path.Combine(staging, "data.db");
            CopyDatabase(source.DatabaseFile, copy);
            var (counts, migration) = Describe(copy);
            progress?.Report(new BackupProgress(BackupStage.CopyingDatabase, 30));

            var storedFiles = source.FilesDirectory is { } root && Directory.Exists(root)
                ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
                : [];
            var parts = new List<BackupPart>();
            BackupManifest manifest;
            long size;
            string sha;
            await using (var file = files.Create(partial))
            {
                var hashing = new HashingStream(file);
                var encrypting = EncryptedArchive.Encrypt(hashing, key);
                await using (var zip = new ZipArchive(encrypting, ZipArchiveMode.Create, leaveOpen: true))
                {
                    parts.Add(await AddAsync(zip, copy, BackupManifest.DatabasePart, ct));
                    for (var i = 0; i < storedFiles.Count; i++)
                    {
                        var relative = Path.GetRelativePath(source.FilesDirectory!, storedFiles[i]).Replace('\\', '/');
                        parts.Add(await AddAsync(zip, storedFiles[i], BackupManifest.FilesPrefix + relative, ct));
                        progress?.Report(new BackupProgress(BackupStage.PackingFiles, 30 + (40 * (i + 1) / storedFiles.Count)));
                    }

                    manifest = new BackupManifest
                    {
                        Kind = source.Kind,
                        HospitalId = source.HospitalId,
                        Scope = source.Scope,
                        HospitalName = source.HospitalName,
                        Culture = source.Culture,
                        TimeZone = source.TimeZone,
                        MigrationId = migration,
                        CreatedAt = createdAt,
                        AppVersion = AppVersion,
                        RowCounts = counts,
                        Parts = parts,
                    };
                    var entry = zip.CreateEntry(BackupManifest.FileName, CompressionLevel.Optimal);
                    await using (var stream = await entry.OpenAsync(ct))
                    {
                        await JsonSerializer.SerializeAsync(stream, manifest, BackupManifest.Json, ct);
                    }
                }

                await encrypting.CompleteAsync(ct);
                await file.FlushAsync(ct);
                if (file is FileStream fs)
                {
                    fs.Flush(flushToDisk: true);
                }

                size = hashing.Length;
                sha = hashing.Sha256Hex();
            }

            File.Move(partial, final);
            progress?.Report(new BackupProgress(BackupStage.PackingFiles, 70));
            return new WrittenBackup(final, size, sha, manifest);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
        finally
        {
            TryDeleteDirectory(staging);
        }
    }

    /// <summary>SQLite's online backup: one step over every page under a read transaction, so the copy
    /// is the database as it was at one instant while writers go on (WAL lets them). The copy is then made
    /// a plain single file (no -wal beside it).</summary>
    internal static void CopyDatabase(string sourceFile, string copyFile)
    {
        using var source = new SqliteConnection(Connection(sourceFile, SqliteOpenMode.ReadOnly));
        using var destination = new SqliteConnection(Connection(copyFile, SqliteOpenMode.ReadWriteCreate));
        source.Open();
        destination.Open();
        source.BackupDatabase(destination);
        using var command = destination.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=DELETE;";
        command.ExecuteNonQuery();
    }

    /// <summary>Row count per table and the last applied migration of a database file.</summary>
    public static (IReadOnlyDictionary<string, long> Counts, string? Migration) Describe(string databaseFile)
    {
        using var connection = new SqliteConnection(Connection(databaseFile, SqliteOpenMode.ReadOnly));
        connection.Open();
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            counts[table] = (long)command.ExecuteScalar()!;
        }

        string? migration = null;
        if (tables.Contains("__EFMigrationsHistory"))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT MigrationId FROM \"__EFMigrationsHistory\" ORDER BY MigrationId DESC LIMIT 1";
            migration = command.ExecuteScalar() as string;
        }

        return (counts, migration);
    }

    internal static string Connection(string file, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = file,
        Mode = mode,
        // Not pooled: the files are moved and deleted right after, which an idle pooled handle would prevent.
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    private static async Task<BackupPart> AddAsync(ZipArchive zip, string path, string entryName, CancellationToken ct)
    {
        var entry = zip.CreateEntry(entryName, CompressionLevel.Fastest);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
        await using var output = await entry.OpenAsync(ct);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await input.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), ct);
            length += read;
        }

        return new BackupPart(entryName, length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    internal static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Counts and hashes what passes through to the archive file.</summary>
internal sealed class HashingStream(Stream inner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    private long _length;

    public string Sha256Hex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override void Write(byte[] buffer, int offset, int count)
    {
        _hash.AppendData(buffer, offset, count);
        inner.Write(buffer, offset, count);
        _length += count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _hash.AppendData(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken);
        _length += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
